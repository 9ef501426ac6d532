// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * libFuzzer harness for the bpfvlan command line: the input is argv
 * (words separated by NUL bytes) and goes through the real main() of
 * tools/main.c (built as bv_cli_main) and every command's parser and
 * printer; the loader underneath is the fake of cli_stubs.c, so nothing
 * touches the kernel.
 *
 * Properties: the exit status is 0, 1 or 2; bad input (status 2) changes
 * nothing; every bridge opened is closed; what reaches the loader was
 * validated (checked in the stubs); ASan/UBSan find the rest.
 * Run it with -close_fd_mask=3: commands print.
 */
#include <getopt.h>
#include "cli.h"
#include "cli_stubs.h"
#include "fuzz.h"

#define MAX_WORDS	32

int bv_cli_main(int argc, char **argv);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[MAX_WORDS + 2];
	size_t off = 0;
	int argc = 0, rc;

	argv[argc++] = fz_strndup((const uint8_t *)"bpfvlan", 7);
	while (off < size && argc <= MAX_WORDS) {
		const uint8_t *nul = memchr(data + off, 0, size - off);
		size_t len = nul ? (size_t)(nul - (data + off)) : size - off;

		argv[argc++] = fz_strndup(data + off, len);
		off += len + 1;
	}
	argv[argc] = NULL;

	cli = (struct bv_cli){ .bridge = BV_DEFAULT_BRIDGE };
	optind = 0;		/* glibc: start getopt afresh */
	fz_stub = (struct fz_stub_state){};

	rc = bv_cli_main(argc, argv);
	FZ_ASSERT(rc == 0 || rc == 1 || rc == 2);
	FZ_ASSERT(fz_stub.open == 0);
	if (rc == 2)
		FZ_ASSERT(fz_stub.changes == 0 && fz_stub.upgrades == 0);
	FZ_ASSERT(fz_stub.changes <= 1 && fz_stub.upgrades <= 1);

	for (int i = 0; i < argc; i++)
		free(argv[i]);
	return 0;
}
