# ITA Tracker on an office server: Debian slim with Python 3.11, LibreOffice Writer (the annex PDF,
# kept warm through unoserver), Chromium (chart images) and Thai fonts; runs as a non-root user.
# Build and run with compose.yaml: `docker compose up -d --build`, then http://SERVER:8501
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    BROWSER_PATH=/usr/bin/chromium \
    ITA_SNAPSHOT_DIR=/var/lib/ita-tracker/snapshots

WORKDIR /app

# The same script CI runs (scripts/test.sh), the app's packages only (packages.txt).
COPY packages.txt ./
COPY scripts/install-system.sh scripts/
RUN bash scripts/install-system.sh --runtime && rm -rf /var/lib/apt/lists/*

COPY requirements.txt ./
RUN pip install -r requirements.txt

# The code belongs to root (read-only for the app); the app writes only snapshots and /tmp.
RUN useradd --create-home --uid 10001 --user-group ita \
    && mkdir -p "$ITA_SNAPSHOT_DIR" && chown ita:ita "$ITA_SNAPSHOT_DIR"
COPY . .

USER ita
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status != 200)"]
CMD ["streamlit", "run", "app.py", "--server.address", "0.0.0.0", "--server.port", "8501"]
