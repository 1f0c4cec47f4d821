. "$(dirname "$0")/../lib.sh"
setup yes
past=$(( $(date +%s) - 12 * 86400 ))
BPOMAIL_NOW=$past deliver "$TESTS_DIR/data/groep-tb.eml"
answer "$(latest tb.noord@bestuur.example)" tb.noord@bestuur.example outlook "Akkoord"
deliver "$TESTS_DIR/data/leerling.eml"
deliver "$TESTS_DIR/data/school-no-tb.eml"
bpo digest; echo "rc=$?"
text "$(latest loket@swv.example)"
