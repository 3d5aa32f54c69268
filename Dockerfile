# kinerja-bot in a container. Build: docker build -t kinerja-bot .   (README: "Docker")
# Python 3.11 on Debian 12, whose postgresql-client (15) matches compose.yaml's server.
FROM python:3.11-slim-bookworm

# pg_dump and pg_restore: «kinerja-bot cadangkan» and «pulihkan» on PostgreSQL need them.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /opt/kinerja-bot
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY scheduler ./scheduler
COPY storage ./storage
RUN pip install ".[postgres]"

# The bot runs as an unprivileged user that owns nothing but its data folder.
RUN useradd --system --uid 10001 --user-group --home-dir /data --no-create-home kinerja \
    && mkdir -p /data \
    && chown kinerja:kinerja /data

# Everything the bot keeps is in /data: the SQLite database (unless KINERJA_DATABASE_URL names a
# PostgreSQL server) and the daily backups. 0.0.0.0: the webhook port must be reachable from
# outside the container (publish it to the host's 127.0.0.1, behind the HTTPS proxy).
ENV KINERJA_DATABASE_URL=sqlite:////data/kinerja.db \
    KINERJA_CADANGAN_FOLDER=/data/cadangan \
    KINERJA_WEBHOOK_LISTEN=0.0.0.0
VOLUME ["/data"]
WORKDIR /data
USER kinerja
EXPOSE 8443

# `run` brings the database to the newest migration before it starts the bot.
CMD ["kinerja-bot", "run"]
