# One image for every process: web, worker and beat differ only by command (compose.yaml).
# Build: `docker build -t neckline .` (tests/config/test_dockerfile.py runs its build steps).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app DJANGO_SETTINGS_MODULE=config.settings NECKLINE_VAR_DIR=/app/var PORT=8000

# Every process runs as this user, which may write only var/ (gunicorn's control socket is
# off, and its heartbeat files go to /dev/shm: config/gunicorn.py).
RUN useradd --system --no-create-home --home-dir /app --shell /usr/sbin/nologin neckline

WORKDIR /app
# The dependencies first, from the pins alone: a change to the code reuses this layer.
COPY pyproject.toml constraints.txt ./
RUN python -c "import tomllib; print(*tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies'], sep='\n')" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt -c constraints.txt \
    && rm /tmp/requirements.txt

# The code (.dockerignore lets in only what runs), then the translations compiled from the
# .po files (no GNU gettext needed: config/translations.py) and the static files, the PWA's
# catalogues among them: hashed and compressed, with throwaway build settings
# (config/settings_build.py), so the build needs no secret and reaches no database.
COPY . .
RUN DJANGO_SETTINGS_MODULE=config.settings_build python manage.py compiletranslations --verbosity 0 \
    && DJANGO_SETTINGS_MODULE=config.settings_build python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p var && chown neckline var

USER neckline
EXPOSE 8000
# The load balancer's probe (plain HTTP, by address, answers while the database does).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["python", "config/healthcheck.py"]
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
