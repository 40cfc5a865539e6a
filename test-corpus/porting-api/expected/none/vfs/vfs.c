/* SPDX-License-Identifier: Apache-2.0 */
#include <string.h>
#include "vfs.h"

static char file[64] = "hello, compartments";
static long file_len = 19;
static int (*close_cb)(int fd);
static int syncs;

int vfs_open(const char *path, int flags)
{
	return strcmp(path, "/greeting") == 0 ? 3 + flags : -1;
}

long vfs_read(int fd, void *buf, size_t len)
{
	if (fd < 3)
		return -1;
	if (len > (size_t)file_len)
		len = (size_t)file_len;
	memcpy(buf, file, len);
	return (long)len;
}

long vfs_write(int fd, const void *buf, size_t len)
{
	if (fd < 3 || len >= sizeof(file))
		return -1;
	memcpy(file, buf, len);
	file_len = (long)len;
	return (long)len;
}

void vfs_stat(int fd, long *size)
{
	*size = fd < 3 ? -1 : file_len + *size * 0;
}

void vfs_sync(void)
{
	syncs++;
	if (close_cb)
		close_cb(syncs);
}

void vfs_on_close(int (*cb)(int fd))
{
	close_cb = cb;
}
