/* SPDX-License-Identifier: Apache-2.0 */
#include <stdio.h>
#include <string.h>
#include <flexos.h>
#include "../vfs/vfs.h"

int app_closed __attribute__((section(".flexos_shared.data")));
static char app_name[16] __attribute__((section(".flexos_shared.data"))) = "porting-api";

static int on_close(int fd) __flexos_callback;

static int on_close(int fd)
{
	app_closed += fd;
	return 0;
}

extern __typeof__(vfs_stat) __flexcc_gate__trusted__fs__vfs_stat; extern __typeof__(vfs_on_close) __flexcc_gate__trusted__fs__vfs_on_close; extern __typeof__(vfs_sync) __flexcc_gate__trusted__fs__vfs_sync; extern __typeof__(vfs_open) __flexcc_gate__trusted__fs__vfs_open; extern __typeof__(vfs_read) __flexcc_gate__trusted__fs__vfs_read; extern __typeof__(vfs_write) __flexcc_gate__trusted__fs__vfs_write; extern __typeof__(on_close) __flexcc_cb__89745cdf__on_close; int main(void)
{
	char buf[32] __flexos_shared;
	long size __flexos_shared = 0; __FLEXOS_DSS_INIT(size);
	char *msg = flexos_malloc_shared(16);
	int fd;
	long n;

	fd = __flexcc_gate__trusted__fs__vfs_open(__FLEXOS_SHARED_STR("/greeting"), 0);
	n = __flexcc_gate__trusted__fs__vfs_read(fd, __FLEXOS_DSS(buf), sizeof(__FLEXOS_DSS(buf)) - 1);
	__FLEXOS_DSS(buf)[n] = '\0';
	printf("%s: fd=%d read=%ld '%s'\n", app_name, fd, n, __FLEXOS_DSS(buf));
	strcpy(msg, "rewritten");
	n = __flexcc_gate__trusted__fs__vfs_write(fd, msg, strlen(msg));
	__flexcc_gate__trusted__fs__vfs_stat(fd, &__FLEXOS_DSS(size));
	printf("wrote=%ld size=%ld\n", n, __FLEXOS_DSS(size));
	flexos_free_shared(msg);
	__flexcc_gate__trusted__fs__vfs_on_close(__flexcc_cb__89745cdf__on_close);
	__flexcc_gate__trusted__fs__vfs_sync();
	__flexcc_gate__trusted__fs__vfs_sync();
	printf("closed=%d\n", app_closed);
	return app_closed == 3 ? 0 : 1;
}
extern __typeof__(on_close) *const __flexcc_cbref__89745cdf__on_close; __typeof__(on_close) *const __flexcc_cbref__89745cdf__on_close = on_close;
