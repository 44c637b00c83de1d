/** The chaos-ci version, written into every results file. A unit test keeps it equal to package.json. */
export const VERSION = '0.1.0'
