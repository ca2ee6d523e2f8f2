/* fuzz-money: the amount parser, both decimal styles, and its round trip */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hb.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1), out[HB_MONEY_LEN];
	struct hb_err e;
	int64_t v, back;

	memcpy(s, data, size);
	s[size] = '\0';
	if (hb_money_parse(s, HB_DECIMAL_DOT, &v, &e) == 0) {
		/* what parses formats back to the same amount */
		hb_money_format(v, out);
		if (hb_money_parse(out, HB_DECIMAL_DOT, &back, &e) != 0 ||
		    back != v)
			abort();
		hb_money_format_nl(v, out);
	}
	(void)hb_money_parse(s, HB_DECIMAL_COMMA, &v, &e);
	free(s);
	return 0;
}
