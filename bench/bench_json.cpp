// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The userspace backend against simdjson and memchr, natively, on JSON
 * that both accept: dense arrays of nothing but brackets and commas, and
 * sparse arrays of strings with a bracket every ~60 bytes. simdjson does
 * a full parse (dom::parser, its buffers kept from one call to the next),
 * exprcheck only checks brackets, so exprcheck must be the faster.
 *
 *	exprcheck-bench-json [--where TEXT] [--reps N] [--reps-large N]
 *			     [--large MIB]
 *
 * Rows are `# bench|...` lines, as exprcheck-bench prints them.
 */
#include "bench.h"

#include <exprcheck/exprcheck.h>
#include <simdjson.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

std::uint64_t next(std::uint64_t &s)
{
	s ^= s << 13;
	s ^= s >> 7;
	s ^= s << 17;
	return s;
}

// Nested arrays, up to 32 deep, of nothing but brackets and commas.
std::string json_dense(std::size_t n)
{
	std::uint64_t s = 0x2545f4914f6cdd1dULL;
	std::string out = "[";
	std::size_t depth = 1;
	bool first = true;

	while (out.size() + depth + 2 < n) {
		if (depth < 32 && next(s) % 2) {
			out += first ? "[" : ",[";
			depth++;
			first = true;
		} else if (depth > 1) {
			out += ']';
			depth--;
			first = false;
		} else {
			out += first ? "[]" : ",[]";
			first = false;
		}
	}
	out.append(depth, ']');
	return out;
}

// An array of strings of 90 to 130 bytes, every one in an array of its own.
std::string json_sparse(std::size_t n)
{
	static const char words[] = "the quick brown fox jumps over the lazy dog ";
	std::uint64_t s = 0x9e3779b97f4a7c15ULL;
	std::string out = "[";

	while (out.size() + 140 < n) {
		std::size_t len = 90 + next(s) % 41;
		out += out.size() > 1 ? ",[\"" : "[\"";
		for (std::size_t i = 0; i < len; i++)
			out += words[(i + out.size()) % (sizeof(words) - 1)];
		out += "\"]";
	}
	out += ']';
	return out;
}

struct Input {
	std::string text;
	simdjson::padded_string padded;
	simdjson::dom::parser parser;
	exprcheck_options opts{};
};

bool run_simdjson(void *arg)
{
	auto *in = static_cast<Input *>(arg);
	simdjson::dom::element doc;

	return in->parser.parse(in->padded).get(doc) == simdjson::SUCCESS;
}

bool run_exprcheck(void *arg)
{
	auto *in = static_cast<Input *>(arg);
	exprcheck_result r{};

	r.size = sizeof(r);
	return exprcheck_validate(in->text.data(), in->text.size(), &in->opts, &r) == 0 &&
	       r.status == EXPRCHECK_STATUS_VALID && r.scanned == in->text.size();
}

bool run_memchr(void *arg)
{
	auto *in = static_cast<Input *>(arg);

	return std::memchr(in->text.data(), 0, in->text.size()) == nullptr;
}

// The fixed rate the dense rows are held to, as an operation that reports it.
struct Rate {
	std::size_t bytes;
	double mib_s;
};

void rows(const bench_cfg &cfg, const char *kind, std::size_t size, unsigned reps)
{
	Input in;
	in.text = std::string(kind) == "dense" ? json_dense(size) : json_sparse(size);
	in.padded = simdjson::padded_string(in.text);
	in.opts.size = sizeof(in.opts);
	in.opts.backend = EXPRCHECK_BACKEND_USERSPACE;
	// Some memory for the largest document, once, as a long-running parser has.
	if (in.parser.allocate(in.text.size()) != simdjson::SUCCESS) {
		bench_fail("simdjson cannot allocate for %zu bytes", in.text.size());
		return;
	}
	unsigned inner = size >= 16 * MIB ? 1 : static_cast<unsigned>(16 * MIB / size);
	bench_op simd{ "simdjson", run_simdjson, &in, inner };
	bench_op ours{ "exprcheck", run_exprcheck, &in, inner };
	bench_op mem{ "memchr", run_memchr, &in, inner };
	bool dense = std::string(kind) == "dense";
	std::size_t n = in.text.size();
	char name[96];
	double a, b;

	std::snprintf(name, sizeof(name), "userspace / simdjson, %zu MiB %s JSON",
		      size / MIB, kind);
	if (bench_pair(&simd, &ours, reps, &a, &b))
		bench_row(&cfg, name, BENCH_RATE, n, "simdjson", a, "userspace", b,
			  dense ? ">= 4" : ">= 3");
	if (dense) {
		// At least 1 GiB/s: a row against that rate.
		std::snprintf(name, sizeof(name), "userspace / 1 GiB/s, %zu MiB dense JSON",
			      size / MIB);
		bench_row(&cfg, name, BENCH_RATE, n, "1 GiB/s", n / 1024.0 / MIB,
			  "userspace", b, ">= 1");
		return;
	}
	std::snprintf(name, sizeof(name), "userspace / memchr, %zu MiB sparse JSON",
		      size / MIB);
	if (bench_pair(&mem, &ours, reps, &a, &b))
		bench_row(&cfg, name, BENCH_RATE, n, "memchr", a, "userspace", b,
			  size > MIB ? ">= 0.5" : nullptr);
	// Brackets in strings not counted: the work closest to simdjson's.
	in.opts.flags = EXPRCHECK_F_QUOTES;
	std::snprintf(name, sizeof(name), "userspace --quotes / simdjson, %zu MiB sparse JSON",
		      size / MIB);
	if (bench_pair(&simd, &ours, reps, &a, &b))
		bench_row(&cfg, name, BENCH_RATE, n, "simdjson", a, "userspace", b,
			  nullptr);
}

unsigned long number(const char *s)
{
	char *end;
	unsigned long v = std::strtoul(s, &end, 0);

	if (end == s || *end || !v) {
		std::fprintf(stderr, "exprcheck-bench-json: bad number '%s'\n", s);
		std::exit(2);
	}
	return v;
}

} // namespace

int main(int argc, char **argv)
{
	bench_cfg cfg{};
	cfg.where = "native";
	cfg.reps = 15;
	cfg.reps_large = 5;
	cfg.large = 64 * MIB;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (!std::strcmp(argv[i], "--where"))
			cfg.where = argv[i + 1];
		else if (!std::strcmp(argv[i], "--reps"))
			cfg.reps = number(argv[i + 1]);
		else if (!std::strcmp(argv[i], "--reps-large"))
			cfg.reps_large = number(argv[i + 1]);
		else if (!std::strcmp(argv[i], "--large"))
			cfg.large = number(argv[i + 1]) * MIB;
		else {
			std::fprintf(stderr, "usage: %s [--where TEXT] [--reps N] "
				     "[--reps-large N] [--large MIB]\n", argv[0]);
			return 2;
		}
	}
	bench_note("bench-json: simdjson %d.%d.%d (%s), exprcheck core path %s",
		   simdjson::SIMDJSON_VERSION_MAJOR, simdjson::SIMDJSON_VERSION_MINOR,
		   simdjson::SIMDJSON_VERSION_REVISION,
		   simdjson::get_active_implementation()->name().c_str(),
		   exprcheck_lib_scan_path_name(exprcheck_lib_scan_default_path()));
	for (std::size_t size : { MIB, cfg.large })
		for (const char *kind : { "dense", "sparse" })
			rows(cfg, kind, size, size > MIB ? cfg.reps_large : cfg.reps);
	if (bench_failed())
		return 1;
	std::puts("ok bench-json-parsed-and-checked");
	return 0;
}
