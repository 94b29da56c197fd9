# Production image: gunicorn serves the site, WhiteNoise the hashed static files.
# The same image runs the Celery worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    COLLECTSTATIC=1 \
    PEERDESK_VAR_DIR=/data \
    PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus

WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir -r requirements.lock

COPY . .
RUN pybabel -q compile --domain django --directory community/locale \
    && pybabel -q compile --domain django --directory community/locale_overrides \
    && SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput -v 0 \
    && useradd --system --home /app peerdesk \
    && mkdir -p /data/media /tmp/prometheus && chown -R peerdesk /data /tmp/prometheus

USER peerdesk
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py", "community.wsgi"]
