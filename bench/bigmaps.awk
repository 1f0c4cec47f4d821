# bench/bigmaps.awk: from `strace -f -e trace=mmap,mremap` of one deliver, the anonymous
# mappings of 1 MiB or more per process (glibc mmaps every large malloc block, so
# each is one buffer or copy) and the final sizes of blocks grown by realloc (mremap).
NR == 1 { main = $1 }
{ who = ($1 == main) ? "deliver" : "sandbox child" }
/MAP_ANONYMOUS/ && /^[0-9]+ +mmap\(NULL, / {
	sz = $3; sub(",", "", sz)
	if (sz + 0 >= 1048576) m[who] = m[who] sprintf(" %.1f", sz / 1048576)
}
/^[0-9]+ +mremap\(/ {
	old = $2; sub("mremap\\(", "", old); sub(",", "", old)
	sz = $4; sub(",", "", sz); new = $NF
	if (old in chain) { top = chain[old]; delete chain[old] } else top = ""
	chain[new] = who SUBSEP sz
}
END {
	for (a in chain) {
		split(chain[a], p, SUBSEP)
		if (p[2] + 0 >= 1048576) r[p[1]] = r[p[1]] sprintf(" %.1f", p[2] / 1048576)
	}
	for (k in m) printf "%s:%s MiB%s; ", k, m[k], (k in r) ? " (and buffers grown by realloc to" r[k] " MiB)" : ""
}
