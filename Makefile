# Quick start: `make demo` builds dcl and runs the demo on the embedded ledger, `make test` runs every
# test, `make install` puts dcl and its shell completions under PREFIX (default ~/.local).
# Each target installs the system packages it needs first (scripts/install-deps.sh).
#
# CONFIGURATION=release builds an optimised dcl (much slower to build; worth it for large ledgers,
# benchmarks and production use): make install CONFIGURATION=release. It links the Swift runtime and
# Foundation statically, as the Dockerfile does: the binary runs without a Swift toolchain installed,
# and every command starts faster (no symbol binding against the Swift libraries at start-up).

PREFIX ?= $(HOME)/.local
CONFIGURATION ?= debug
DCL := .build/$(CONFIGURATION)/dcl

.PHONY: deps build demo install uninstall test bench clean

deps:
	@bash scripts/install-deps.sh

build: deps
	swift build -c $(CONFIGURATION) $(if $(filter release,$(CONFIGURATION)),--static-swift-stdlib)

demo: build
	$(DCL) demo

install: build
	@bash scripts/install.sh $(DCL) "$(PREFIX)"

uninstall:
	rm -f "$(PREFIX)/bin/dcl" "$(PREFIX)/share/bash-completion/completions/dcl" \
	  "$(PREFIX)/share/zsh/site-functions/_dcl" "$(PREFIX)/share/fish/vendor_completions.d/dcl.fish"

test: deps
	swift test --parallel

bench: deps
	cd Benchmarks && swift package --allow-writing-to-package-directory benchmark

clean:
	rm -rf .build Benchmarks/.build
