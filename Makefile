# Quick start: `make demo` runs the demo on the embedded ledger, `make test` runs every test.
# Both install the system packages they need first (scripts/install-deps.sh).

.PHONY: deps build demo test bench clean

deps:
	@bash scripts/install-deps.sh

build: deps
	swift build

demo: deps
	swift run dcl demo

test: deps
	swift test --parallel

bench: deps
	cd Benchmarks && swift package --allow-writing-to-package-directory benchmark

clean:
	rm -rf .build Benchmarks/.build
