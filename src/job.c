/* job.c: one incoming message while it is processed: how it ended, who sent it, what it holds. */
#include "form.h"
#include "job.h"
#include "request.h"
#include "util.h"

void job_outcome(struct job *j, const char *outcome, const char *reason)
{
	j->outcome = outcome;
	free(j->reason);
	j->reason = reason ? xstrdup(reason) : NULL;
}

bool job_has_bsn(const struct job *j)
{
	if ((j->top && form_has_bsn(j->top)) || (j->in.subject && form_has_bsn(j->in.subject)) ||
	    (j->in.from_name && form_has_bsn(j->in.from_name)))
		return true;
	for (size_t i = 0; i < j->in.n_att; i++)
		if (form_has_bsn(j->in.att[i].filename))
			return true;
	return false;
}

const struct person *job_directory_role(const struct job *j, enum role r)
{
	for (size_t i = 0; i < j->n_dir; i++)
		if (j->dir[i].role == r)
			return &j->dir[i];
	return NULL;
}

void job_keep_documents(struct job *j, const struct request *rq)
{
	if (j->in.n_att_dropped)
		request_warn(j->st, rq->id, "%zu bijlage%s van het bericht van %s niet bewaard: meer dan "
			     "%d bijlagen, of groter dan %u MB", j->in.n_att_dropped,
			     j->in.n_att_dropped == 1 ? "" : "n", j->in.from_addr, BOUND_ATTACHMENTS,
			     BOUND_ATTACHMENT_SIZE / (1024 * 1024));
	for (size_t i = 0; i < j->in.n_att; i++)
		request_add_document(j->st, rq->id, j->msg_id, j->in.att[i].filename,
				     j->in.att[i].content_type, j->in.att[i].data, j->in.att[i].len,
				     j->at);
}
