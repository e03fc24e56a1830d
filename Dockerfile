# One image for every Qinqing process: each service's web app, its worker, and the
# migrate job differ only in their command (see compose.yaml).

# The build stage installs the project and its runtime dependencies (not the test extras)
# into a virtual environment, so the final image carries neither the source nor pip's caches.
FROM python:3.11-slim AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN python -m venv /opt/qinqing

WORKDIR /src
COPY pyproject.toml ./
COPY shared ./shared
COPY services ./services
COPY qinqing ./qinqing
RUN /opt/qinqing/bin/pip install .


FROM python:3.11-slim

ENV PATH=/opt/qinqing/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1

# A fixed, unprivileged id, so volumes and orchestrators (runAsNonRoot) see the same user.
RUN groupadd --system --gid 10001 qinqing \
    && useradd --system --uid 10001 --gid qinqing --home-dir /var/lib/qinqing \
       --create-home --shell /usr/sbin/nologin qinqing

COPY --from=build /opt/qinqing /opt/qinqing

# `qinqing run` (embedded) writes its SQLite files under ./var, so the working
# directory belongs to the service user. So does the uploads volume's mount point: a new
# named volume takes the owner of the directory it is mounted on.
WORKDIR /var/lib/qinqing
RUN install -d -o 10001 -g 10001 /var/lib/qinqing/uploads
USER 10001:10001

EXPOSE 8000

CMD ["qinqing", "--help"]
