/** Where a repository keeps chaos-ci's files, by convention; every one may be absent. */
export const CONVENTIONS = {
  scenarios: 'deploy/chaos_scenarios.yml',
  auditConfig: '.chaos-ci/audit.yml',
  healRules: '.chaos-ci/heal-rules.yml',
  slos: '.chaos-ci/slos.yml',
  workflows: '.github/workflows',
  report: 'reports/chaos-check.md'
} as const
