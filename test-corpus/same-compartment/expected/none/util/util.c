/* SPDX-License-Identifier: Apache-2.0 */
#include <flexos.h>
#include "util.h"
#include "../app/app.h"

int util_double(int v)
{
	return 2 * v;
}

int util_apply_app(int v)
{
	/* util -> app: both in 'main'. */
	return app_increment(v);
}
