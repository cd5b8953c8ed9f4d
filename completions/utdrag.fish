# utdrag.fish - fish completion for utdrag(1).
# The options and their fixed values are those of `utdrag --help`;
# tests/run.sh fails when this file and --help disagree.  Installed as
# $(PREFIX)/share/fish/vendor_completions.d/utdrag.fish.
# SPDX-License-Identifier: MIT

# The words before the cursor that are not options or option arguments:
# the command, then (for "rules") test or lint, then paths.
function __utdrag_words
    set -l toks (commandline -opc)
    set -e toks[1]
    set -l skip 0
    set -l ddash 0
    for w in $toks
        if test $skip = 1
            set skip 0
        else if test $ddash = 0 -a "$w" = --
            set ddash 1
        else if test $ddash = 0; and string match -q -- '-?*' $w
            contains -- $w -o --output -t --table -f --format \
                --input-format --id-field --text-field --url-field \
                --date-field --id-column --text-column --url-column \
                --date-column --rules -j --jobs --shard --shard-base \
                --max-doc-size --report --junit --rule
            and set skip 1
        else
            echo $w
        end
    end
end

function __utdrag_needs_command
    test (count (__utdrag_words)) -eq 0
end

function __utdrag_using
    set -l w (__utdrag_words)
    test (count $w) -ge 1; and contains -- $w[1] $argv
end

function __utdrag_rules_needs_sub
    set -l w (__utdrag_words)
    test (count $w) -eq 1; and test $w[1] = rules
end

function __utdrag_wants_dir
    set -l w (__utdrag_words)
    test (count $w) -ge 1; or return 1
    test $w[1] = merge; or test $w[1] = rules -a (count $w) -ge 2
end

complete -c utdrag -f

complete -c utdrag -n __utdrag_needs_command -a extract -d 'extract tables from articles'
complete -c utdrag -n __utdrag_needs_command -a check -d 'compare with NAME.expected/'
complete -c utdrag -n __utdrag_needs_command -a merge -d 'combine the tables of runs'
complete -c utdrag -n __utdrag_needs_command -a graph -d 'draw the partner network'
complete -c utdrag -n __utdrag_needs_command -a export -d 'the tables of an SQLite database'
complete -c utdrag -n __utdrag_needs_command -a normalize -d 'print text as rules see it'
complete -c utdrag -n __utdrag_needs_command -a explain -d 'show each rule hit and its fate'
complete -c utdrag -n __utdrag_needs_command -a rules -d 'run the rule examples or lint the rules'
complete -c utdrag -n __utdrag_rules_needs_sub -a test -d 'run the rule examples'
complete -c utdrag -n __utdrag_rules_needs_sub -a lint -d 'compile the rules, warn on unused'
complete -c utdrag -n '__utdrag_using extract check normalize explain graph export' -F
complete -c utdrag -n __utdrag_wants_dir -a '(__fish_complete_directories (commandline -ct))'

complete -c utdrag -n 'not __utdrag_using graph' -s o -l output -x -a '(__fish_complete_directories (commandline -ct))' -d 'write all five tables into DIR'
complete -c utdrag -n '__utdrag_using graph' -s o -l output -r -F -d 'the file to write'
complete -c utdrag -s t -l table -x -a 'documents pairs quotes speakers tags' -d 'the table to print on standard output'
complete -c utdrag -s f -l format -x -a 'csv tsv xlsx sqlite text json graphml dot svg png' -d 'the output format (extract: also sqlite; explain: text or json; graph: graphml dot svg png)'
complete -c utdrag -l rule -x -d 'explain: only the hits of rule NAME'
complete -c utdrag -l input-format -x -a 'auto jsonl csv warc text' -d 'read every PATH as'
complete -c utdrag -l id-field -x -d 'JSON Lines: the id field'
complete -c utdrag -l text-field -x -d 'JSON Lines: the text field'
complete -c utdrag -l url-field -x -d 'JSON Lines: the url field'
complete -c utdrag -l date-field -x -d 'JSON Lines: the date field'
complete -c utdrag -l id-column -x -d 'CSV archives: the id column'
complete -c utdrag -l text-column -x -d 'CSV archives: the text column'
complete -c utdrag -l url-column -x -d 'CSV archives: the url column'
complete -c utdrag -l date-column -x -d 'CSV archives: the date column'
complete -c utdrag -l rules -x -a '(__fish_complete_directories (commandline -ct))' -d 'the rule directory'
complete -c utdrag -s j -l jobs -x -d 'process documents on N threads'
complete -c utdrag -l shard -x -d 'process only the K-th of N shards (K/N)'
complete -c utdrag -l shard-base -x -a '0 1' -d 'count the K of --shard from 0 or 1'
complete -c utdrag -l stats -d 'print time per stage at the end'
complete -c utdrag -l bom -d 'start CSV/TSV files with a UTF-8 BOM'
complete -c utdrag -l no-formula-guard -d 'do not guard cells that look like formulas'
complete -c utdrag -l strict -d 'exit 1 when any document is not ok'
complete -c utdrag -l max-doc-size -x -d 'skip documents larger than BYTES'
complete -c utdrag -l report -r -F -d 'also write the drift report'
complete -c utdrag -l allow-partial -d 'merge: merge the shards given when some are missing'
complete -c utdrag -l summary -d 'print document and row counts at the end'
complete -c utdrag -l prune -d '-f sqlite: remove the documents this run did not read'
complete -c utdrag -l update -d 'check: (re)write the expectations'
complete -c utdrag -l junit -r -F -d 'check: also write the results as JUnit XML'
complete -c utdrag -l allow-stale -d 'check: stale documents of a database do not fail'
complete -c utdrag -s q -l quiet -d 'no warnings on standard error'
complete -c utdrag -l no-progress -d 'no progress line on a terminal'
complete -c utdrag -s h -l help -d 'print the help and exit'
complete -c utdrag -s V -l version -d 'print the version and exit'
