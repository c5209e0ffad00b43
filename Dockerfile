# One image for every process: web, worker and beat differ only by command.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings NECKLINE_VAR_DIR=/app/var

WORKDIR /app
COPY pyproject.toml constraints.txt ./
COPY config ./config
COPY diary ./diary
COPY api ./api
RUN pip install -c constraints.txt .
COPY . .
# collectstatic needs settings but no database or secret of the real deployment.
RUN DEBUG=false SECRET_KEY=collectstatic-only-not-a-secret-0123456789abcdefghijklmnop \
    python manage.py collectstatic --noinput --verbosity 0 \
    && useradd --system --home /app neckline && mkdir -p /app/var && chown neckline /app/var

USER neckline
EXPOSE 8000
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
