/**
 * The cited table of drivers and plug-ins a framework loads by itself once some evidence activates
 * it: a database URL scheme, a pydantic type, a framework setting, a template engine. Each entry says
 * where to look, what activates it, which packages can answer it (any declared one counts as used),
 * and the documentation page that says so. Keep it small: an entry needs a page.
 */

export interface DriverEntry {
  /** The packages the evidence activates (any of them). `$1` is the pattern's first group. */
  packages: readonly string[]
  /** Files to look in. */
  files: RegExp
  /** What activates it. */
  pattern: RegExp
  /** A file must also match this (an import of the framework), when given. */
  requires?: RegExp
  /** In words, for the report. */
  what: string
  doc: string
}

const PY = /\.py$/
const SETTINGS_TEXT = /\.(py|env|ini|cfg|toml|ya?ml)$|(^|\/)\.env(\.[\w-]+)?$/
const POSTGRES = ['psycopg', 'psycopg2', 'psycopg2-binary', 'psycopg-binary']
const POSTGRES2 = ['psycopg2', 'psycopg2-binary']

export const DRIVERS: readonly DriverEntry[] = [
  {
    packages: ['psycopg', 'psycopg-binary', 'psycopg-c'],
    files: SETTINGS_TEXT,
    pattern: /postgresql\+psycopg(_async)?:\/\//,
    what: 'an SQLAlchemy URL postgresql+psycopg:// (psycopg 3)',
    doc: 'https://docs.sqlalchemy.org/en/20/dialects/postgresql.html#module-sqlalchemy.dialects.postgresql.psycopg'
  },
  {
    packages: POSTGRES2,
    files: SETTINGS_TEXT,
    pattern: /postgresql\+psycopg2:\/\//,
    what: 'an SQLAlchemy URL postgresql+psycopg2://',
    doc: 'https://docs.sqlalchemy.org/en/20/dialects/postgresql.html#module-sqlalchemy.dialects.postgresql.psycopg2'
  },
  {
    // SQLAlchemy's default PostgreSQL driver is psycopg2; Django and dj-database-url take psycopg or psycopg2
    packages: POSTGRES,
    files: SETTINGS_TEXT,
    pattern:
      /\bpostgres(ql)?:\/\/|django\.db\.backends\.postgresql|django\.contrib\.gis\.db\.backends\.postgis/,
    what: 'a PostgreSQL database URL or Django ENGINE',
    doc: 'https://docs.djangoproject.com/en/stable/ref/databases/#postgresql-notes'
  },
  {
    packages: ['asyncpg'],
    files: SETTINGS_TEXT,
    pattern: /postgresql\+asyncpg:\/\//,
    what: 'an SQLAlchemy URL postgresql+asyncpg://',
    doc: 'https://docs.sqlalchemy.org/en/20/dialects/postgresql.html#module-sqlalchemy.dialects.postgresql.asyncpg'
  },
  {
    packages: ['mysqlclient'],
    files: SETTINGS_TEXT,
    pattern: /\bmysql(\+mysqldb)?:\/\/|django\.db\.backends\.mysql/,
    what: 'a MySQL database URL or Django ENGINE (MySQLdb is the default driver)',
    doc: 'https://docs.djangoproject.com/en/stable/ref/databases/#mysql-db-api-drivers'
  },
  {
    packages: ['PyMySQL'],
    files: SETTINGS_TEXT,
    pattern: /\bmysql\+pymysql:\/\//,
    what: 'an SQLAlchemy URL mysql+pymysql://',
    doc: 'https://docs.sqlalchemy.org/en/20/dialects/mysql.html#module-sqlalchemy.dialects.mysql.pymysql'
  },
  {
    packages: ['aiosqlite'],
    files: SETTINGS_TEXT,
    pattern: /\bsqlite\+aiosqlite:\/\//,
    what: 'an SQLAlchemy URL sqlite+aiosqlite://',
    doc: 'https://docs.sqlalchemy.org/en/20/dialects/sqlite.html#module-sqlalchemy.dialects.sqlite.aiosqlite'
  },
  {
    packages: ['email-validator'],
    files: PY,
    pattern: /\b(EmailStr|NameEmail)\b/,
    requires: /\bfrom\s+pydantic(\.networks)?\s+import\b|\bimport\s+pydantic\b/,
    what: "pydantic's EmailStr / NameEmail",
    doc: 'https://docs.pydantic.dev/latest/api/networks/#pydantic.networks.EmailStr'
  },
  {
    packages: ['email-validator'],
    files: PY,
    pattern: /\bEmail\s*\(/,
    requires: /\bwtforms\b/,
    what: "WTForms' Email() validator",
    doc: 'https://wtforms.readthedocs.io/en/3.1.x/validators/#wtforms.validators.Email'
  },
  {
    packages: ['python-multipart'],
    files: PY,
    pattern: /\b(Form|File|UploadFile|OAuth2PasswordRequestForm(Strict)?)\b/,
    requires:
      /\bfrom\s+fastapi(\.security|\.params)?\s+import\b[^\n]*\b(Form|File|UploadFile|OAuth2PasswordRequestForm)/,
    what: "FastAPI's form and file parameters",
    doc: 'https://fastapi.tiangolo.com/tutorial/request-forms/'
  },
  {
    packages: ['httpx'],
    files: PY,
    pattern: /\b(fastapi|starlette)\.testclient\b/,
    what: "Starlette's TestClient (built on httpx)",
    doc: 'https://www.starlette.io/testclient/'
  },
  {
    packages: ['lxml'],
    files: PY,
    pattern: /BeautifulSoup\((?:[^()]|\([^()]*\))*?['"](lxml|lxml-xml|xml)['"]/,
    what: "Beautiful Soup's lxml parser",
    doc: 'https://www.crummy.com/software/BeautifulSoup/bs4/doc/#installing-a-parser'
  },
  {
    packages: ['html5lib'],
    files: PY,
    pattern: /BeautifulSoup\((?:[^()]|\([^()]*\))*?['"]html5lib['"]/,
    what: "Beautiful Soup's html5lib parser",
    doc: 'https://www.crummy.com/software/BeautifulSoup/bs4/doc/#installing-a-parser'
  },
  {
    packages: ['Babel'],
    files: /\.py$|(^|\/)babel\.cfg$/,
    pattern: /\bflask_babel\b|^\[python: /m,
    what: "Flask-Babel's translations (pybabel) or a Babel extraction config",
    doc: 'https://python-babel.github.io/flask-babel/#translating-applications'
  },
  {
    packages: ['redis'],
    files: PY,
    pattern: /django\.core\.cache\.backends\.redis\.RedisCache|django_redis\.cache\.RedisCache/,
    what: 'a Redis cache backend (redis-py)',
    doc: 'https://docs.djangoproject.com/en/stable/topics/cache/#redis'
  },
  {
    packages: ['pymemcache'],
    files: PY,
    pattern: /django\.core\.cache\.backends\.memcached\.PyMemcacheCache/,
    what: 'the PyMemcacheCache backend',
    doc: 'https://docs.djangoproject.com/en/stable/topics/cache/#memcached'
  },
  {
    packages: ['boto3'],
    files: PY,
    pattern: /storages\.backends\.s3(boto3)?\b/,
    what: "django-storages' S3 backend",
    doc: 'https://django-storages.readthedocs.io/en/latest/backends/amazon-S3.html'
  },
  {
    packages: ['google-cloud-storage'],
    files: PY,
    pattern: /storages\.backends\.gcloud\b/,
    what: "django-storages' Google Cloud backend",
    doc: 'https://django-storages.readthedocs.io/en/latest/backends/gcloud.html'
  },
  {
    packages: ['azure-storage-blob'],
    files: PY,
    pattern: /storages\.backends\.azure_storage\b/,
    what: "django-storages' Azure backend",
    doc: 'https://django-storages.readthedocs.io/en/latest/backends/azure.html'
  },
  {
    // Express requires the engine by the name set: app.set('view engine', 'pug') loads pug
    packages: ['$1'],
    files: /\.[cm]?[jt]sx?$/,
    pattern: /\.set\(\s*['"]view engine['"]\s*,\s*['"]([\w.-]+)['"]/,
    what: "Express's view engine",
    doc: 'https://expressjs.com/en/guide/using-template-engines.html'
  },
  {
    packages: ['tailwindcss'],
    files: /\.[cm]?[jt]sx?$|\.json$/,
    pattern: /@tailwindcss\/(vite|postcss|cli)\b/,
    what: "Tailwind's Vite/PostCSS/CLI integration, whose peer is tailwindcss",
    doc: 'https://tailwindcss.com/docs/installation/using-vite'
  }
]
