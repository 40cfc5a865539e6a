/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mpk-gate-trace: counts, instruction by instruction, what one call of a
 * function executes around its callee (bench/mpk-gate, run by run-mpk-gate
 * under QEMU's emulated PKU). Plain static C, not an mpk image: an mpk
 * image's seccomp filter denies ptrace to itself, so the tracing is done
 * from outside.
 *
 * Usage: mpk-gate-trace IMAGE SPEC...
 *   SPEC = NAME:ENTRY:CALLEE_START:CALLEE_END (addresses in hex, from the
 *   image's symbol table). ENTRY is where the call lands (a gate stub, or
 *   the function itself for a plain call); [CALLEE_START, CALLEE_END) is
 *   the callee, whose instructions are not counted.
 *
 * Makes IMAGE executable if it is not (qemu-run places extra files as
 * 0644). Forks; the child does PTRACE_TRACEME and execs IMAGE (no arguments). An
 * int3 is put on every ENTRY. On each hit, the tracer single-steps the call
 * until rip is back at the return address with the stack pointer the call
 * had plus 8 (the stub's ret), and counts:
 *   call    the caller's call: 1 when the 5 bytes before the return address
 *           are "call rel32" to ENTRY (checked, not assumed);
 *   entry   instructions executed outside the callee before its first one;
 *   return  instructions executed outside the callee after it;
 *   callee  instructions executed inside [CALLEE_START, CALLEE_END);
 *   wrpkru  executions of WRPKRU (0f 01 ef at rip), in and out.
 * The int3 is put back after each call, so every call is traced. One line
 * per hit:
 *   TRACE name=N hit=K call=1 entry=E return=R callee=C wrpkru_in=I
 *         wrpkru_out=O
 * then "EXIT status" or "SIGNAL n" for the image. Exit status 0 when the
 * image ran to its end with status 0 and every trace completed, else 1;
 * 2 on a bad command line.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_SPECS 16
/* A round trip that has not returned after this many steps is an error. */
#define MAX_STEPS 2000000UL

struct spec {
	char name[64];
	uint64_t entry, callee_start, callee_end;
	long orig;     /* the word at entry, without the int3 */
	unsigned hits;
};

static struct spec specs[MAX_SPECS];
static int nspecs;
static pid_t child;

static void die(const char *what)
{
	fprintf(stderr, "mpk-gate-trace: %s: %s\n", what, strerror(errno));
	if (child > 0)
		kill(child, SIGKILL);
	exit(1);
}

static long peek(uint64_t addr)
{
	errno = 0;
	long v = ptrace(PTRACE_PEEKTEXT, child, (void *)addr, NULL);
	if (errno)
		die("PTRACE_PEEKTEXT");
	return v;
}

static void poke(uint64_t addr, long v)
{
	if (ptrace(PTRACE_POKETEXT, child, (void *)addr, (void *)v) < 0)
		die("PTRACE_POKETEXT");
}

static void arm(struct spec *s)
{
	poke(s->entry, (s->orig & ~0xffL) | 0xcc);
}

static void getregs(struct user_regs_struct *r)
{
	if (ptrace(PTRACE_GETREGS, child, NULL, r) < 0)
		die("PTRACE_GETREGS");
}

static int parse_spec(const char *arg, struct spec *s)
{
	const char *c = strchr(arg, ':');
	if (!c || (size_t)(c - arg) >= sizeof(s->name))
		return -1;
	memcpy(s->name, arg, (size_t)(c - arg));
	s->name[c - arg] = 0;
	char *end;
	s->entry = strtoull(c + 1, &end, 16);
	if (*end != ':')
		return -1;
	s->callee_start = strtoull(end + 1, &end, 16);
	if (*end != ':')
		return -1;
	s->callee_end = strtoull(end + 1, &end, 16);
	if (*end || !s->entry || s->callee_end <= s->callee_start)
		return -1;
	return 0;
}

/* One round trip from s->entry, the int3 just hit (rip = entry + 1). */
static int trace_call(struct spec *s)
{
	struct user_regs_struct r;
	getregs(&r);
	uint64_t rsp0 = r.rsp;
	uint64_t ret = (uint64_t)peek(rsp0);
	unsigned ncall = 0;
	/* The caller's instruction: e8 rel32, 5 bytes before the return. */
	long before = peek(ret - 5);
	if ((before & 0xff) == 0xe8 &&
	    ret + (uint64_t)(int64_t)(int32_t)(uint32_t)(before >> 8) == s->entry)
		ncall = 1;

	poke(s->entry, s->orig);
	r.rip = s->entry;
	if (ptrace(PTRACE_SETREGS, child, NULL, &r) < 0)
		die("PTRACE_SETREGS");

	unsigned long entry = 0, back = 0, callee = 0, steps = 0;
	unsigned wr_in = 0, wr_out = 0;
	int in_callee_seen = 0;
	for (;;) {
		uint64_t rip = r.rip;
		if (rip >= s->callee_start && rip < s->callee_end) {
			in_callee_seen = 1;
			++callee;
		} else {
			long w = peek(rip);
			int wr = (w & 0xffffff) == 0xef010f;
			if (!in_callee_seen) {
				++entry;
				wr_in += wr;
			} else {
				++back;
				wr_out += wr;
			}
		}
		if (ptrace(PTRACE_SINGLESTEP, child, NULL, NULL) < 0)
			die("PTRACE_SINGLESTEP");
		int st;
		if (waitpid(child, &st, 0) < 0)
			die("waitpid");
		if (!WIFSTOPPED(st) || WSTOPSIG(st) != SIGTRAP) {
			printf("TRACE name=%s hit=%u error=stopped-by-status-0x%x "
			       "at=0x%" PRIx64 "\n",
			       s->name, s->hits, st, rip);
			return -1;
		}
		getregs(&r);
		if (r.rip == ret && r.rsp == rsp0 + 8)
			break;
		if (++steps > MAX_STEPS) {
			printf("TRACE name=%s hit=%u error=no-return\n", s->name,
			       s->hits);
			return -1;
		}
	}
	printf("TRACE name=%s hit=%u call=%u entry=%lu return=%lu callee=%lu "
	       "wrpkru_in=%u wrpkru_out=%u callee_entered=%d\n",
	       s->name, s->hits, ncall, entry, back, callee, wr_in, wr_out,
	       in_callee_seen);
	fflush(stdout);
	arm(s);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: mpk-gate-trace IMAGE "
				"NAME:ENTRY:CALLEE_START:CALLEE_END...\n");
		return 2;
	}
	for (int i = 2; i < argc; ++i) {
		if (nspecs == MAX_SPECS || parse_spec(argv[i], &specs[nspecs])) {
			fprintf(stderr, "mpk-gate-trace: bad spec '%s'\n", argv[i]);
			return 2;
		}
		++nspecs;
	}
	/* qemu-run places extra files next to the test image as 0644. */
	struct stat sb;
	if (stat(argv[1], &sb) == 0 && !(sb.st_mode & S_IXUSR))
		chmod(argv[1], sb.st_mode | S_IXUSR | S_IXGRP | S_IXOTH);
	child = fork();
	if (child < 0)
		die("fork");
	if (child == 0) {
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0) {
			perror("PTRACE_TRACEME");
			_exit(127);
		}
		char *const args[] = {argv[1], NULL};
		execv(argv[1], args);
		perror("execv");
		_exit(127);
	}
	int st;
	if (waitpid(child, &st, 0) < 0)
		die("waitpid");
	if (!WIFSTOPPED(st)) {
		fprintf(stderr, "mpk-gate-trace: the image did not start\n");
		return 1;
	}
	ptrace(PTRACE_SETOPTIONS, child, NULL, (void *)PTRACE_O_EXITKILL);
	for (int i = 0; i < nspecs; ++i) {
		specs[i].orig = peek(specs[i].entry);
		arm(&specs[i]);
	}
	int failed = 0, sig = 0;
	for (;;) {
		if (ptrace(PTRACE_CONT, child, NULL, (void *)(long)sig) < 0)
			die("PTRACE_CONT");
		sig = 0;
		if (waitpid(child, &st, 0) < 0)
			die("waitpid");
		if (WIFEXITED(st)) {
			printf("EXIT %d\n", WEXITSTATUS(st));
			failed |= WEXITSTATUS(st) != 0;
			break;
		}
		if (WIFSIGNALED(st)) {
			printf("SIGNAL %d\n", WTERMSIG(st));
			failed = 1;
			break;
		}
		if (!WIFSTOPPED(st))
			continue;
		if (WSTOPSIG(st) != SIGTRAP) {
			sig = WSTOPSIG(st); /* the image's own signal */
			continue;
		}
		struct user_regs_struct r;
		getregs(&r);
		struct spec *s = NULL;
		for (int i = 0; i < nspecs; ++i)
			if (r.rip - 1 == specs[i].entry)
				s = &specs[i];
		if (!s) {
			sig = SIGTRAP;
			continue;
		}
		++s->hits;
		if (trace_call(s)) {
			failed = 1;
			kill(child, SIGKILL);
			waitpid(child, &st, 0);
			break;
		}
	}
	fflush(stdout);
	return failed;
}
