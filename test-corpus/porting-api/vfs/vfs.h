/* SPDX-License-Identifier: Apache-2.0 */
#ifndef PA_VFS_H
#define PA_VFS_H

#include <stddef.h>
#include <flexos.h>

int vfs_open(const char *path __flexos_string, int flags);
long vfs_read(int fd, void *buf __flexos_out(len), size_t len);
long vfs_write(int fd, const void *buf __flexos_in(len), size_t len);
void vfs_stat(int fd, long *size __flexos_inout(sizeof(long)));
void vfs_sync(void);
void vfs_on_close(int (*cb)(int fd));

#endif /* PA_VFS_H */
