/* sandbox.c: runs mailparse() in a child process and reads its result back over a pipe. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mailparse.h"
#include "sandbox.h"
#include "util.h"

struct sandbox_limits sandbox_limits = {
	.cpu_seconds = 5,
	.wall_seconds = 15,
	.memory = 1024UL * 1024 * 1024,
};

void (*sandbox_child_hook)(void);

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* Field tags of the result stream: each record is tag, length, bytes. */
enum tag {
	T_MESSAGE_ID = 1, T_FROM_ADDR, T_FROM_NAME, T_SUBJECT, T_IN_REPLY_TO, T_REFERENCE,
	T_RECIPIENT, T_RETURN_PATH, T_AUTO_SUBMITTED, T_PRECEDENCE, T_TEXT, T_ATT_NAME,
	T_ATT_TYPE, T_ATT_DATA, T_COUNTS, T_FORWARDED, T_END,
};

/* Child ----------------------------------------------------------------- */

static void put(struct buf *out, enum tag tag, const void *p, size_t n)
{
	uint32_t hdr[2] = { (uint32_t)tag, (uint32_t)n };

	buf_add(out, hdr, sizeof hdr);
	buf_add(out, p, n);
}

static void put_str(struct buf *out, enum tag tag, const char *s)
{
	if (s)
		put(out, tag, s, strlen(s));
}

static void serialise(const struct inmail *m, struct buf *out)
{
	uint32_t counts[10] = {
		(uint32_t)m->n_from, m->list_mail, m->x_autoreply, m->our_loop, m->is_report,
		m->text_from_html, m->truncated, (uint32_t)m->n_att_dropped, m->text_cut,
		(uint32_t)m->n_inline,
	};

	put_str(out, T_MESSAGE_ID, m->message_id);
	put_str(out, T_FROM_ADDR, m->from_addr);
	put_str(out, T_FROM_NAME, m->from_name);
	put_str(out, T_SUBJECT, m->subject);
	put_str(out, T_IN_REPLY_TO, m->in_reply_to);
	for (size_t i = 0; i < m->references.n; i++)
		put_str(out, T_REFERENCE, m->references.item[i]);
	for (size_t i = 0; i < m->recipients.n; i++)
		put_str(out, T_RECIPIENT, m->recipients.item[i]);
	put_str(out, T_RETURN_PATH, m->return_path);
	put_str(out, T_AUTO_SUBMITTED, m->auto_submitted);
	put_str(out, T_PRECEDENCE, m->precedence);
	put_str(out, T_TEXT, m->text);
	put_str(out, T_FORWARDED, m->forwarded);
	for (size_t i = 0; i < m->n_att; i++) {
		put_str(out, T_ATT_NAME, m->att[i].filename);
		put_str(out, T_ATT_TYPE, m->att[i].content_type);
		put(out, T_ATT_DATA, m->att[i].data, m->att[i].len);
	}
	put(out, T_COUNTS, counts, sizeof counts);
	put(out, T_END, "", 0);
}

static void limit(int resource, rlim_t soft, rlim_t hard)
{
	struct rlimit rl = { soft, hard };
	setrlimit(resource, &rl);
}

static _Noreturn void child(int fd, const char *raw, size_t len)
{
	struct inmail m;
	struct buf out = BUF_INIT;
	char *why = NULL;

	static const int fatal[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGXCPU };

	/* A crash must end the child, whatever handlers the parent had. */
	for (size_t i = 0; i < ARRAY_SIZE(fatal); i++)
		signal(fatal[i], SIG_DFL);
	/* SIGXCPU at the soft limit; SIGKILL a second later. */
	limit(RLIMIT_CPU, sandbox_limits.cpu_seconds, sandbox_limits.cpu_seconds + 1);
	limit(RLIMIT_CORE, 0, 0);
#ifndef UNDER_ASAN
	limit(RLIMIT_AS, sandbox_limits.memory, sandbox_limits.memory);
#endif
	if (sandbox_child_hook)
		sandbox_child_hook();
	if (mailparse(raw, len, &m, &why) < 0) {
		put_str(&out, T_TEXT, why);   /* the reason instead of a result */
		write_all(fd, out.data, out.len);
		_exit(3);
	}
	serialise(&m, &out);
	_exit(write_all(fd, out.data, out.len) == 0 ? 0 : 4);
}

/* Parent ---------------------------------------------------------------- */

/* Reads the child's output until EOF or the deadline; -1 on timeout. */
static int read_result(int fd, pid_t pid, size_t max, struct buf *out)
{
	time_t deadline = time(NULL) + sandbox_limits.wall_seconds;
	char chunk[65536];

	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };
		int left = (int)(deadline - time(NULL));
		if (left <= 0)
			break;
		int r = poll(&p, 1, left * 1000);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n == 0 ? 0 : -1;
		if (out->len + (size_t)n > max)
			break;
		buf_add(out, chunk, (size_t)n);
	}
	kill(pid, SIGKILL);
	return -1;
}

static char *field(const char *p, size_t n)
{
	return memchr(p, '\0', n) ? NULL : xstrndup(p, n);
}

/* Rebuilds the inmail from the child's records, checking every length. */
static int deserialise(const struct buf *in, struct inmail *m)
{
	size_t pos = 0;
	bool end = false;

	memset(m, 0, sizeof *m);
	while (!end && pos + 8 <= in->len) {
		uint32_t hdr[2];
		memcpy(hdr, in->data + pos, sizeof hdr);
		pos += 8;
		if (hdr[1] > in->len - pos)
			return -1;
		const char *p = in->data + pos;
		size_t n = hdr[1];
		bool text = hdr[0] != T_ATT_DATA && hdr[0] != T_COUNTS && hdr[0] != T_END;
		char *s = text ? field(p, n) : NULL;
		pos += n;
		switch (hdr[0]) {
		case T_MESSAGE_ID: m->message_id = s; break;
		case T_FROM_ADDR: m->from_addr = s; break;
		case T_FROM_NAME: m->from_name = s; break;
		case T_SUBJECT: m->subject = s; break;
		case T_IN_REPLY_TO: m->in_reply_to = s; break;
		case T_REFERENCE: strlist_add_owned(&m->references, s); break;
		case T_RECIPIENT: strlist_add_owned(&m->recipients, s); break;
		case T_RETURN_PATH: m->return_path = s; break;
		case T_AUTO_SUBMITTED: m->auto_submitted = s; break;
		case T_PRECEDENCE: m->precedence = s; break;
		case T_TEXT: m->text = s; break;
		case T_FORWARDED: m->forwarded = s; break;
		case T_ATT_NAME:
			if (m->n_att == BOUND_ATTACHMENTS) {
				free(s);
				return -1;
			}
			m->att[m->n_att++].filename = s;
			break;
		case T_ATT_TYPE:
			if (!m->n_att || m->att[m->n_att - 1].content_type) {
				free(s);
				return -1;
			}
			m->att[m->n_att - 1].content_type = s;
			break;
		case T_ATT_DATA:
			if (!m->n_att || m->att[m->n_att - 1].data)
				return -1;
			m->att[m->n_att - 1].data = xmalloc(n + 1);
			memcpy(m->att[m->n_att - 1].data, p, n);
			m->att[m->n_att - 1].data[n] = '\0';
			m->att[m->n_att - 1].len = n;
			break;
		case T_COUNTS: {
			uint32_t c[10];
			if (n != sizeof c)
				return -1;
			memcpy(c, p, sizeof c);
			m->n_from = c[0];
			m->list_mail = c[1];
			m->x_autoreply = c[2];
			m->our_loop = c[3];
			m->is_report = c[4];
			m->text_from_html = c[5];
			m->truncated = c[6];
			m->n_att_dropped = c[7];
			m->text_cut = c[8];
			m->n_inline = c[9];
			break;
		}
		case T_END: end = true; break;
		default:
			free(s);
			return -1;
		}
		if (text && !s)
			return -1;   /* a NUL inside a string */
	}
	for (size_t i = 0; i < m->n_att; i++)
		if (!m->att[i].content_type || !m->att[i].data)
			return -1;
	if (!m->subject)
		m->subject = xstrdup("");
	if (!m->text)
		m->text = xstrdup("");
	return end ? 0 : -1;
}

static char *child_failure(int status)
{
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);
		if (sig == SIGXCPU)
			return xstrdup("het bericht kon niet veilig worden gelezen: te veel rekentijd");
		return xasprintf("het bericht kon niet veilig worden gelezen: de lezer stopte "
				 "(signaal %d)", sig);
	}
	return xasprintf("het bericht kon niet veilig worden gelezen (code %d)", WEXITSTATUS(status));
}

int sandbox_parse(const char *raw, size_t len, struct inmail *m, char **why)
{
	struct buf out = BUF_INIT;
	int fds[2], status = 0, rc = -1;
	pid_t pid;

	*why = NULL;
	memset(m, 0, sizeof *m);
	if (pipe2(fds, O_CLOEXEC) < 0)
		die(EXIT_TEMPFAIL, "pipe: %s", strerror(errno));
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		die(EXIT_TEMPFAIL, "fork: %s", strerror(errno));
	if (pid == 0) {
		close(fds[0]);
		child(fds[1], raw, len);
	}
	close(fds[1]);
	int timed_out = read_result(fds[0], pid, 3 * len + 4 * 1024 * 1024 +
				    BOUND_ATTACHMENTS_TOTAL, &out);
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (timed_out < 0) {
		*why = xstrdup("het bericht kon niet veilig worden gelezen: te veel tijd nodig");
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == 3) {
		struct inmail refused;
		if (deserialise(&out, &refused) == 0 || refused.text)
			*why = xstrdup(refused.text ? refused.text : "het bericht kon niet worden gelezen");
		inmail_free(&refused);
		if (!*why)
			*why = xstrdup("het bericht kon niet worden gelezen");
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		*why = child_failure(status);
	} else if (deserialise(&out, m) < 0) {
		inmail_free(m);
		*why = xstrdup("het bericht kon niet veilig worden gelezen: onleesbaar resultaat");
	} else {
		rc = 0;
	}
	buf_free(&out);
	return rc;
}
