/*===--- init.c - /init of the QEMU test harness's initramfs -------------===*
 * SPDX-License-Identifier: Apache-2.0
 *
 * PID 1 of the initramfs that tests/qemu/qemu-run boots. It mounts /proc,
 * /dev (devtmpfs) and /tmp (tmpfs), then runs every test of /manifest as a
 * child process (never as PID 1), each in its own session, with its
 * arguments, environment, stdin file and a timeout (the child's process group
 * is killed with SIGKILL when it expires). Its stdout and stderr go to files
 * in /tmp; its exit status or signal and wall time are recorded. Results go
 * to the second serial port (/dev/ttyS1, raw mode) as framed, base64-encoded
 * blocks that qemu-run parses:
 *
 *   @@FLEXCC-INIT <ntests>
 *   @@BEGIN <name>
 *   @@STATUS exit <n> | signal <n> | timeout | error <errno>
 *   @@TIME_NS <wall time>
 *   @@STDOUT <bytes>
 *   <base64 lines>
 *   @@STDERR <bytes>
 *   <base64 lines>
 *   @@END <name>
 *   @@FLEXCC-DONE <ntests>
 *
 * The kernel console stays on the first serial port. At the end /init
 * writes 0 to the isa-debug-exit port 0xf4 (QEMU exits with status 1) or, if
 * /init itself failed, 1 (status 3); without that device it powers off
 * (QEMU exits with status 0).
 *
 * /manifest, written by qemu-run, is a list of records, one field a line,
 * every value but the timeout hex-encoded:
 *   T <name>  X <image>  A <arg> (repeated, argv[0] first)  E <KEY=VALUE>
 *   I <stdin file>  D <working directory>  L <timeout in ms>  .  (end)
 *===----------------------------------------------------------------------===*/
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define MAX_ARGS 256
#define MAX_ENV 64

struct test {
  char *name, *image, *stdin_path, *dir;
  char *argv[MAX_ARGS + 1];
  char *envp[MAX_ENV + 8];
  int argc, envc;
  long timeout_ms;
};

static int results_fd = -1;

static void say(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("flexcc-init: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

static void write_all(int fd, const char *buf, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, buf, len);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN)
        continue;
      return;
    }
    buf += n;
    len -= (size_t)n;
  }
}

static void out(const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n > (int)sizeof buf - 1)
    n = sizeof buf - 1;
  write_all(results_fd, buf, (size_t)n);
}

static void finish(int failed) {
  if (results_fd >= 0) {
    tcdrain(results_fd); /* every byte on the wire before QEMU stops */
    close(results_fd);
  }
  sync();
  if (ioperm(0xf4, 1, 1) == 0)
    outb((unsigned char)(failed ? 1 : 0), 0xf4);
  reboot(RB_POWER_OFF);
  for (;;)
    pause();
}

static char *unhex(const char *s) {
  size_t n = strlen(s);
  while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
    n--;
  char *r = malloc(n / 2 + 1);
  if (!r)
    return NULL;
  for (size_t i = 0; i + 1 < n; i += 2) {
    unsigned v;
    if (sscanf(s + i, "%2x", &v) != 1) {
      free(r);
      return NULL;
    }
    r[i / 2] = (char)v;
  }
  r[n / 2] = 0;
  return r;
}

/* Reads the next record; returns 1, 0 at the end, -1 on a malformed one. */
static int read_test(FILE *f, struct test *t) {
  char *line = NULL;
  size_t cap = 0;
  int seen = 0;
  memset(t, 0, sizeof *t);
  t->timeout_ms = 60000;
  while (getline(&line, &cap, f) > 0) {
    if (line[0] == '\n')
      continue;
    if (line[0] == '.') {
      free(line);
      return seen && t->name && t->image && t->argc > 0 ? 1 : -1;
    }
    seen = 1;
    if (line[1] != ' ') {
      free(line);
      return -1;
    }
    const char *v = line + 2;
    switch (line[0]) {
    case 'T': t->name = unhex(v); break;
    case 'X': t->image = unhex(v); break;
    case 'I': t->stdin_path = unhex(v); break;
    case 'D': t->dir = unhex(v); break;
    case 'L': t->timeout_ms = strtol(v, NULL, 10); break;
    case 'A':
      if (t->argc < MAX_ARGS)
        t->argv[t->argc++] = unhex(v);
      break;
    case 'E':
      if (t->envc < MAX_ENV)
        t->envp[t->envc++] = unhex(v);
      break;
    default:
      free(line);
      return -1;
    }
  }
  free(line);
  return seen ? -1 : 0;
}

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Sends a file as "@@<TAG> <size>" then base64 lines of 76 characters. */
static void send_file(const char *tag, const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    out("@@%s 0\n", tag);
    if (fd >= 0)
      close(fd);
    return;
  }
  out("@@%s %lld\n", tag, (long long)st.st_size);
  unsigned char in[57 * 64];
  char line[(76 + 1) * 64];
  size_t have = 0;
  for (;;) {
    ssize_t n = read(fd, in + have, sizeof in - have);
    if (n < 0 && errno == EINTR)
      continue;
    if (n > 0)
      have += (size_t)n;
    if (n > 0 && have < sizeof in)
      continue;
    /* encode `have` bytes; keep a partial 57-byte tail unless at EOF */
    size_t whole = n <= 0 ? have : have - have % 57;
    size_t o = 0, i = 0;
    while (i < whole) {
      size_t chunk = whole - i < 57 ? whole - i : 57;
      for (size_t j = 0; j < chunk; j += 3) {
        unsigned a = in[i + j];
        unsigned b = j + 1 < chunk ? in[i + j + 1] : 0;
        unsigned c = j + 2 < chunk ? in[i + j + 2] : 0;
        line[o++] = b64[a >> 2];
        line[o++] = b64[((a & 3) << 4) | (b >> 4)];
        line[o++] = j + 1 < chunk ? b64[((b & 15) << 2) | (c >> 6)] : '=';
        line[o++] = j + 2 < chunk ? b64[c & 63] : '=';
      }
      line[o++] = '\n';
      i += chunk;
    }
    write_all(results_fd, line, o);
    memmove(in, in + whole, have - whole);
    have -= whole;
    if (n <= 0)
      break;
  }
  close(fd);
}

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void run_test(struct test *t, int index) {
  char out_path[64], err_path[64];
  snprintf(out_path, sizeof out_path, "/tmp/.flexcc-out/%d.stdout", index);
  snprintf(err_path, sizeof err_path, "/tmp/.flexcc-out/%d.stderr", index);
  say("test %s", t->name);

  long long start = now_ns();
  pid_t pid = fork();
  if (pid < 0) {
    out("@@BEGIN %s\n@@STATUS error %d\n@@TIME_NS 0\n@@STDOUT 0\n@@STDERR 0\n@@END %s\n",
        t->name, errno, t->name);
    return;
  }
  if (pid == 0) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    setsid();
    int o = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int e = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (o < 0 || e < 0)
      _exit(126);
    dup2(o, 1);
    dup2(e, 2);
    int i = open(t->stdin_path ? t->stdin_path : "/dev/null", O_RDONLY);
    if (i < 0) {
      dprintf(2, "flexcc-init: cannot open stdin %s: %s\n", t->stdin_path, strerror(errno));
      _exit(126);
    }
    dup2(i, 0);
    for (int fd = 3; fd < 64; fd++)
      close(fd);
    if (t->dir && chdir(t->dir) != 0) {
      dprintf(2, "flexcc-init: cannot chdir to %s: %s\n", t->dir, strerror(errno));
      _exit(126);
    }
    execve(t->image, t->argv, t->envp);
    dprintf(2, "flexcc-init: cannot execute %s: %s\n", t->image, strerror(errno));
    _exit(127);
  }

  /* Wait for the child, reaping any orphan reparented to PID 1 meanwhile. */
  int status = 0, timed_out = 0, done = 0;
  long long deadline = start + t->timeout_ms * 1000000LL;
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  while (!done) {
    pid_t r;
    int st;
    while ((r = waitpid(-1, &st, WNOHANG)) > 0) {
      if (r == pid) {
        status = st;
        done = 1;
      }
    }
    if (done)
      break;
    long long left = deadline - now_ns();
    if (left <= 0) {
      timed_out = 1;
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    struct timespec ts = {left / 1000000000LL, left % 1000000000LL};
    if (ts.tv_sec > 0 || ts.tv_nsec > 100000000L) { /* recheck every 100 ms */
      ts.tv_sec = 0;
      ts.tv_nsec = 100000000L;
    }
    sigtimedwait(&chld, NULL, &ts);
  }
  long long elapsed = now_ns() - start;
  kill(-pid, SIGKILL); /* whatever the test left behind in its session */

  out("@@BEGIN %s\n", t->name);
  if (timed_out)
    out("@@STATUS timeout\n");
  else if (WIFSIGNALED(status))
    out("@@STATUS signal %d\n", WTERMSIG(status));
  else
    out("@@STATUS exit %d\n", WEXITSTATUS(status));
  out("@@TIME_NS %lld\n", elapsed);
  send_file("STDOUT", out_path);
  send_file("STDERR", err_path);
  out("@@END %s\n", t->name);
  unlink(out_path);
  unlink(err_path);
}

int main(void) {
  mkdir("/proc", 0755);
  mkdir("/dev", 0755);
  mkdir("/tmp", 01777);
  if (mount("proc", "/proc", "proc", 0, NULL) != 0)
    say("mount /proc: %s", strerror(errno));
  if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) != 0)
    say("mount /dev: %s", strerror(errno));
  if (mount("tmpfs", "/tmp", "tmpfs", 0, "mode=1777") != 0)
    say("mount /tmp: %s", strerror(errno));
  mkdir("/tmp/.flexcc-out", 0700);

  /* stdin/stdout/stderr of /init: the console. */
  int c = open("/dev/console", O_RDWR);
  if (c >= 0) {
    dup2(c, 0);
    dup2(c, 1);
    dup2(c, 2);
    if (c > 2)
      close(c);
  }
  setvbuf(stderr, NULL, _IONBF, 0);

  results_fd = open("/dev/ttyS1", O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (results_fd < 0) {
    say("cannot open /dev/ttyS1 (results port): %s", strerror(errno));
    finish(1);
  }
  struct termios tio;
  if (tcgetattr(results_fd, &tio) == 0) {
    cfmakeraw(&tio);
    cfsetospeed(&tio, B115200);
    tcsetattr(results_fd, TCSANOW, &tio);
  }

  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, NULL);

  FILE *m = fopen("/manifest", "r");
  if (!m) {
    say("cannot open /manifest: %s", strerror(errno));
    finish(1);
  }
  int ntests = 0;
  struct test t;
  int r;
  while ((r = read_test(m, &t)) == 1)
    ntests++;
  if (r < 0) {
    say("malformed /manifest (record %d)", ntests + 1);
    finish(1);
  }
  rewind(m);
  out("@@FLEXCC-INIT %d\n", ntests);
  for (int i = 0; i < ntests && read_test(m, &t) == 1; i++)
    run_test(&t, i);
  fclose(m);
  out("@@FLEXCC-DONE %d\n", ntests);
  say("done, %d tests", ntests);
  finish(0);
  return 0;
}
