# utdrag.bash - bash completion for utdrag(1).
# The options and their fixed values are those of `utdrag --help`;
# tests/run.sh fails when this file and --help disagree.  Needs no
# bash-completion helpers.  Installed as
# $(PREFIX)/share/bash-completion/completions/utdrag.
# SPDX-License-Identifier: MIT

# True if option $1 takes the next word as its argument.
_utdrag_argopt()
{
    case $1 in
    -o | --output | -t | --table | -f | --format | --input-format | \
        --id-field | --text-field | --url-field | --date-field | \
        --id-column | --text-column | --url-column | --date-column | \
        --rules | -j | --jobs | --shard | --shard-base | --max-doc-size | \
        --report | --junit | --rule)
        return 0
        ;;
    esac
    return 1
}

_utdrag()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev= cmd= sub= i w skip= ddash=
    local opts='--output --table --format --input-format --id-field
        --text-field --url-field --date-field --id-column --text-column
        --url-column --date-column --rules --jobs --shard --shard-base
        --stats --bom --no-formula-guard --strict --max-doc-size --report
        --rule --allow-partial --summary --prune --update --junit --quiet
        --no-progress --allow-stale
        --help --version
        -o -t -f -j -q -h -V'

    COMPREPLY=()
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    # Bash splits "--format=c" at the '=' (COMP_WORDBREAKS) into
    # "--format" "=" "c", and readline replaces only the part after it.
    if [[ $cur == = ]]; then
        cur=
    elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi

    # The command word (and the word after "rules") so far: skip options
    # and their arguments.
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        if [[ $w == = ]]; then
            continue
        elif [[ -n $skip ]]; then
            skip=
        elif [[ -z $ddash && $w == -- ]]; then
            ddash=1
        elif [[ -z $ddash && $w == -* ]]; then
            _utdrag_argopt "$w" && skip=1
        elif [[ -z $cmd ]]; then
            cmd=$w
        elif [[ $cmd == rules && -z $sub ]]; then
            sub=$w
        fi
    done

    [[ -n $ddash ]] && prev=
    case $prev in
    -t | --table)
        if [[ $cmd == explain ]]; then
            COMPREPLY=($(compgen -W 'pairs quotes speakers tags report' \
                -- "$cur"))
        else
            COMPREPLY=($(compgen -W 'documents pairs quotes speakers tags' \
                -- "$cur"))
        fi
        return
        ;;
    -f | --format)
        case $cmd in
        graph) w='graphml dot svg png' ;;
        explain) w='text json' ;;
        '') w='csv tsv xlsx sqlite text json graphml dot svg png' ;;
        extract) w='csv tsv xlsx sqlite' ;;
        *) w='csv tsv xlsx' ;;
        esac
        COMPREPLY=($(compgen -W "$w" -- "$cur"))
        return
        ;;
    --rule)
        return
        ;;
    --input-format)
        COMPREPLY=($(compgen -W 'auto jsonl csv warc text' -- "$cur"))
        return
        ;;
    --shard-base)
        COMPREPLY=($(compgen -W '0 1' -- "$cur"))
        return
        ;;
    -o | --output | --rules)
        compopt -o filenames 2>/dev/null
        if [[ ($cmd == graph || $cmd == extract) && $prev != --rules ]]; then
            COMPREPLY=($(compgen -f -- "$cur"))
        else
            COMPREPLY=($(compgen -d -- "$cur"))
        fi
        return
        ;;
    --report | --junit)
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -- "$cur"))
        return
        ;;
    -j | --jobs | --shard | --max-doc-size | --id-field | --text-field | \
        --url-field | --date-field | --id-column | --text-column | \
        --url-column | --date-column)
        return
        ;;
    esac

    if [[ -z $ddash && $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    case $cmd in
    '')
        COMPREPLY=($(compgen -W 'extract check merge graph export normalize explain rules' \
            -- "$cur"))
        ;;
    rules)
        if [[ -z $sub ]]; then
            COMPREPLY=($(compgen -W 'test lint' -- "$cur"))
        else
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -d -- "$cur"))
        fi
        ;;
    merge)
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -d -- "$cur"))
        ;;
    *)
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -- "$cur"))
        ;;
    esac
}
complete -F _utdrag utdrag
