#!/bin/sh
# Mail that must not be carried out: too large (recorded and answered),
# automatic replies and our own loop (never answered), unreadable senders.
. "$(dirname "$0")/../lib.sh"
setup yes
echo "max_message_size = 64K" >>"$T/bpomail.conf"

{
	printf 'From: IB De Linde <ib@delinde.example>\nTo: %s\nSubject: groot\nMessage-ID: <groot-1@delinde.example>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="g"\n\n--g\nContent-Type: text/plain\n\nZie bijlage.\n--g\nContent-Type: application/pdf\nContent-Disposition: attachment; filename="scan.pdf"\nContent-Transfer-Encoding: base64\n\n' "$SYS"
	head -c 120000 /dev/zero | base64
	printf -- '--g--\n'
} >"$T/big.eml"
deliver "$T/big.eml"
ok $? "a message over the size limit exits 0: recorded, not bounced"
m=$(text "$(latest ib@delinde.example)")
like "$m" "Uw bericht is te groot en niet verwerkt" "the sender is told"
like "$m" "het bericht is 1[0-9]{2} kB; de grens is 64 kB" "with its size and the limit"
is "$(sqlite3 "$T/bpo.db" "SELECT outcome FROM message WHERE msgkey = '<groot-1@delinde.example>'")" "te-groot" "recorded as too large"
n=$(outbox_count)
deliver "$T/big.eml"
is "$(outbox_count)" "$n" "and answered once"

auto() {	# auto HEADER: a mail from a participant that is an automatic reply
	printf 'From: IB De Linde <ib@delinde.example>\nTo: %s\nSubject: nieuw\nMessage-ID: <auto-%s@delinde.example>\n%s\n\nAfwezig tot maandag.\n' "$SYS" "$2" "$1" >"$T/auto.eml"
	n=$(outbox_count)
	deliver "$T/auto.eml"
	is "$(outbox_count)" "$n" "no answer to: $1"
}
auto "Auto-Submitted: auto-replied" 1
auto "Precedence: bulk" 2
auto "List-Id: <ouders.delinde.example>" 3
auto "X-Autoreply: yes" 4
auto "X-BPOmail-Loop: bpo@swv.example" 5
auto "Return-Path: <>" 6
is "$(sqlite3 "$T/bpo.db" "SELECT count(*) FROM message WHERE outcome = 'genegeerd'")" 6 "each is recorded as ignored"

printf 'From: ib@delinde.example, tb.noord@bestuur.example\nTo: %s\nSubject: nieuw\nMessage-ID: <twee-afzenders@x.example>\n\nhoi\n' "$SYS" >"$T/two.eml"
deliver "$T/two.eml"
like "$(bpo quarantine)" "geen leesbare afzender" "a mail with two senders is quarantined"

printf 'From: IB De Linde <ib@delinde.example>\nTo: %s\nSubject: x\nMessage-ID: <grens@x.example>\nContent-Type: multipart/mixed; boundary="\\""\n\n--"\n' "$SYS" >"$T/crash.eml"
deliver "$T/crash.eml"
ok $? "the boundary that crashes libetpan 1.9.4 does not take bpomail down"
like "$(bpo quarantine)" "ongeldige MIME-grens" "it is quarantined with the reason"
done_testing
