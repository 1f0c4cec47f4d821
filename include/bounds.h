/* bounds.h: every limit on untrusted input, in one place. */
#ifndef BPOMAIL_BOUNDS_H
#define BPOMAIL_BOUNDS_H

/* Whole message; the configured max_message_size may lower it. */
#define BOUND_MESSAGE_DEFAULT   (25u * 1024 * 1024)
#define BOUND_MESSAGE_HARD      (64u * 1024 * 1024)

/* MIME structure (libetpan 1.9.4 has no limits of its own). */
#define BOUND_CONTENT_TYPE_LINES 200   /* pre-scan: bounds nesting and its O(depth^2) cost */
#define BOUND_MIME_DEPTH         32
#define BOUND_MIME_PARTS         200
#define BOUND_HEADER_VALUE       (16u * 1024)

/* What we keep of a message. */
#define BOUND_ATTACHMENTS        20
#define BOUND_ATTACHMENT_SIZE    (20u * 1024 * 1024)
#define BOUND_ATTACHMENTS_TOTAL  (25u * 1024 * 1024)
#define BOUND_FILENAME           120    /* bytes of a sanitised attachment name */
#define BOUND_TEXT_BODY          (1024u * 1024)
#define BOUND_HTML_BODY          (2u * 1024 * 1024)
#define BOUND_FORWARDED_TEXT     (256u * 1024)  /* of a forwarded message, read for a form */

/* Forms. */
#define BOUND_XML_FORM           (256u * 1024)
#define BOUND_XML_ATTRIBUTES     32     /* on one element; libxml2 2.9.14 is O(n^2) in them */
#define BOUND_FIELD              4000   /* bytes of one form value */
#define BOUND_NAME               200    /* bytes of a person's name */
#define BOUND_EMAIL              254
#define BOUND_PARENTS            4
#define BOUND_FORM_PROBLEMS      40

/* Commands and replies. */
#define BOUND_COMMAND_LINES      3      /* a second decision on these first lines is a conflict */
#define BOUND_READ_BYTES         (16u * 1024)   /* of what a sender wrote, read for a decision */
#define BOUND_REMARK             4000
#define BOUND_REFERENCES         50     /* message ids read from References */
#define BOUND_MESSAGE_TEXT       (64u * 1024)   /* a free message passed on to the others */
#define BOUND_HISTORY_LINES      100    /* events shown in a STATUS answer */

/* Requests: what is cut off is recorded as "waarschuwing" in the history and logged. */
#define BOUND_PARTICIPANTS       24     /* people involved in one request at a time */
#define BOUND_LOKET              8      /* SO-loket coordinators told of every change */
#define BOUND_DOCUMENTS          80     /* documents sent along with one request */
#define BOUND_REMINDERS          1024   /* requests reminded by one run of remind; the rest wait for the next */

/* Directory. */
#define BOUND_DIRECTORY_ROWS     10000
#define BOUND_CANDIDATES         8      /* people listed when a name is not clear */

/* Output. */
#define BOUND_TEMPLATE_FILE      (64u * 1024)
#define BOUND_TEMPLATE_OUTPUT    (256u * 1024)

/* Configuration. */
#define BOUND_CONFIG_LINE        1024

#endif
