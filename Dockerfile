# The service's image: gunicorn for the web, the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=wsoa.settings.production

# Pango and fonts for PDF reports; nothing else beyond the slim base.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
      fonts-liberation fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY wsoa ./wsoa
COPY inspections ./inspections
COPY actions ./actions
COPY governance ./governance
COPY reports ./reports
COPY api ./api
RUN pip install --no-cache-dir .
COPY manage.py ./
COPY templates ./templates
COPY static ./static
# collectstatic needs settings to load; this key exists only during the build.
RUN SECRET_KEY="build-only-$(python -c 'import secrets; print(secrets.token_urlsafe(60))')" \
    python manage.py collectstatic --noinput -v 0

RUN useradd --system --uid 10001 --home /app app \
 && mkdir -p /app/var/media /app/var/beat && chown -R app /app/var
USER app
EXPOSE 8000
# Settings in wsoa/gunicorn_config.py: forwarded headers from TRUSTED_PROXIES only, the application's log format.
CMD ["gunicorn", "-c", "python:wsoa.gunicorn_config", "wsoa.wsgi:application"]
