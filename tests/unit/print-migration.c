/* print-migration N: the SQL of migration N, for tests/t0002-migrations.sh */
#include <stdio.h>
#include <stdlib.h>

#include "hb.h"

int
main(int argc, char **argv)
{
	int i, n;

	if (argc != 2)
		return 2;
	n = atoi(argv[1]);
	if (n == 0) {
		printf("%d\n", hb_migrations[hb_nmigrations - 1].version);
		return 0;
	}
	for (i = 0; i < hb_nmigrations; i++)
		if (hb_migrations[i].version == n) {
			printf("%s\n", hb_migrations[i].sql);
			return 0;
		}
	return 1;
}
