/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Port configurations of the oracle: drawn, written, read (conf.c). */
#ifndef OR_CONF_H
#define OR_CONF_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "oracle.h"

/* Both bridges are set up with these (the test does it). */
#define OR_AGEING_SEC	3600	/* longer than any run: nothing ages */
#define OR_FDB_SIZE	16384	/* bpfvlan's default; never full here */

/* An empty configuration in @cfg. */
void or_conf_init(struct or_conf *c, struct bvm_config *cfg);
/* Random ports (the generator's) after those @c has, up to @nr_ports,
 * and a barrier VID.
 */
void or_conf_generate(struct or_conf *c, uint64_t seed, unsigned int nr_ports);
void or_conf_print(const struct or_conf *c, FILE *out);
/*
 * The format or_conf_print writes; a message names the line at fault.
 * @complete: the ports of a run (2 or more, a barrier VID no port has).
 */
int or_conf_read(struct or_conf *c, const char *path, bool complete);

#endif /* OR_CONF_H */
