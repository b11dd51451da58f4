# SPDX-License-Identifier: GPL-2.0-or-later
#
# exprcheck's command line, its shared library and headers, in a Debian
# image, running as an ordinary user:
#
#   docker build -t exprcheck .
#   docker run --rm --device /dev/exprcheck exprcheck exprcheck --expr '([)]'
#
# BASE is the image the result is made from, BUILD_BASE the one it is
# built in (by default the same). The build stage installs what it lacks
# with apt, so a base imported with `docker import` from an mmdebstrap
# tarball that already holds the tools builds with no registry and no
# network:
#
#   docker build --build-arg BASE=debian-base --build-arg BUILD_BASE=debian-build -t exprcheck .
ARG BASE=debian:bookworm-slim
ARG BUILD_BASE=${BASE}

FROM ${BUILD_BASE} AS build
ARG BUILD_PACKAGES="g++ make cmake libboost-program-options-dev"
RUN dpkg-query -W ${BUILD_PACKAGES} >/dev/null 2>&1 || { \
	apt-get update && \
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${BUILD_PACKAGES}; }
COPY . /src
# Boost is linked statically, so the result needs nothing that a Debian
# base lacks (libstdc++ comes with apt); the tests and the benchmark are
# built and run by `make check`, not here.
RUN cmake -S /src -B /build -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
		-DEXPRCHECK_TESTS=OFF -DEXPRCHECK_BENCH=OFF -DBoost_USE_STATIC_LIBS=ON && \
	cmake --build /build -j "$(nproc)" && \
	DESTDIR=/out cmake --install /build

FROM ${BASE}
COPY --from=build /out/usr/ /usr/
RUN ldconfig && useradd --uid 1000 --create-home exprcheck
USER exprcheck
WORKDIR /home/exprcheck
CMD ["exprcheck", "--doctor"]
