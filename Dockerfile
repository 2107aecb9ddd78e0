FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app

COPY pyproject.toml README.md ./
COPY config ./config
COPY accounts ./accounts
COPY mentoring ./mentoring
COPY matching ./matching
COPY evaluation ./evaluation
RUN pip install --no-cache-dir .

COPY . .
# collectstatic needs settings to load, not real secrets.
RUN SECRET_KEY=build-only python manage.py collectstatic --no-input

RUN useradd --create-home app && mkdir -p /app/var && chown app /app/var
USER app
EXPOSE 8000
# config/gunicorn.py: the access log writes no link that is a key (an invitation, a reset).
CMD ["gunicorn", "config.wsgi", "--config", "python:config.gunicorn", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
