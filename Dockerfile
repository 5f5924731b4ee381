# SPDX-License-Identifier: Apache-2.0
# m2drop in a container: the Debian package is built in the first stage
# and installed in the second, so the image holds exactly what the package
# holds (its runtime libraries come from Debian as its dependencies).
#
#   docker build -t m2drop .
#   docker run -v /etc/m2drop:/etc/m2drop:ro -v /srv/sftp:/srv/sftp \
#     -v m2drop-state:/var/lib/m2drop -p 127.0.0.1:9464:9464 m2drop
#
# Inside a container set [daemon] metrics_listen = "0.0.0.0:9464" to publish
# the metrics and health endpoints. The inboxes' work/, processed/ and
# failed/ must be writable by the image's m2drop user (uid in the image:
# `docker run --rm m2drop-image id m2drop`).

FROM debian:bookworm AS build
WORKDIR /src
COPY scripts/install-deps.sh scripts/install-deps.sh
RUN scripts/install-deps.sh
COPY . .
RUN cmake -S . -B build-deb -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" \
      -DM2DROP_FIXTURES_DIR=/usr/share/m2drop/fixtures \
 && cmake --build build-deb --target m2drop -j "$(nproc)" \
 && cd build-deb && cpack -G DEB

FROM debian:bookworm-slim
COPY --from=build /src/build-deb/m2drop_*.deb /tmp/
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates /tmp/m2drop_*.deb \
 && rm -rf /var/lib/apt/lists/* /tmp/m2drop_*.deb
USER m2drop
VOLUME ["/var/lib/m2drop", "/srv/sftp"]
EXPOSE 9464
ENTRYPOINT ["/usr/bin/m2drop"]
CMD ["watch", "--config", "/etc/m2drop/config.toml"]
