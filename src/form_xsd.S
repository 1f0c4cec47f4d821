/* form_xsd.S: the XSD of the XML request form (src/aanvraag.xsd), built into the program. */

/*
 * form_xsd_start..form_xsd_end are the bytes of the file; a NUL follows
 * them, so form_xsd_start is also a C string. The path is relative to the
 * directory the compiler runs in (the top of the source tree).
 */
	.section .rodata
	.balign 16
	.globl form_xsd_start
	.type form_xsd_start, @object
form_xsd_start:
	.incbin "src/aanvraag.xsd"
	.globl form_xsd_end
	.type form_xsd_end, @object
form_xsd_end:
	.byte 0
	.size form_xsd_start, form_xsd_end - form_xsd_start
	.size form_xsd_end, 1

	.section .note.GNU-stack,"",@progbits
