
use builtin;
use str;

set edit:completion:arg-completer[antidotectl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'antidotectl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'antidotectl'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand validate 'Check a curriculum: schema, files, references; report every finding'
            cand import 'Validate a curriculum and store it in place of the imported one'
            cand db 'Create or inspect the database'
            cand schema 'Print the JSON Schema of a resource file, for editors and other tools'
            cand completions 'Print shell completions (bash, zsh, fish, powershell, elvish)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'antidotectl;validate'= {
            cand --tier 'Check only lessons and collections at least as public as TIER (local: everything)'
            cand --format 'human (on stderr), or json, github or sarif (on stdout)'
            cand --deny-warnings 'Exit 1 on warnings too'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'antidotectl;import'= {
            cand --ref 'Branch, tag or commit to import (git sources)'
            cand --tier 'Leave out lessons and collections less public than TIER (local: import everything)'
            cand --database-url 'sqlite://PATH or postgres://... (default: a SQLite file in $XDG_DATA_HOME/antidote/)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'antidotectl;db'= {
            cand --database-url 'sqlite://PATH or postgres://... (default: a SQLite file in $XDG_DATA_HOME/antidote/)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Drop every Antidote table and create the schema anew (deletes all data)'
            cand status 'Show the schema version and the imported curriculum'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'antidotectl;db;init'= {
            cand --database-url 'sqlite://PATH or postgres://... (default: a SQLite file in $XDG_DATA_HOME/antidote/)'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'antidotectl;db;status'= {
            cand --format 'human (on stderr) or json (on stdout)'
            cand --database-url 'sqlite://PATH or postgres://... (default: a SQLite file in $XDG_DATA_HOME/antidote/)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'antidotectl;db;help'= {
            cand init 'Drop every Antidote table and create the schema anew (deletes all data)'
            cand status 'Show the schema version and the imported curriculum'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'antidotectl;db;help;init'= {
        }
        &'antidotectl;db;help;status'= {
        }
        &'antidotectl;db;help;help'= {
        }
        &'antidotectl;schema'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'antidotectl;completions'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'antidotectl;help'= {
            cand validate 'Check a curriculum: schema, files, references; report every finding'
            cand import 'Validate a curriculum and store it in place of the imported one'
            cand db 'Create or inspect the database'
            cand schema 'Print the JSON Schema of a resource file, for editors and other tools'
            cand completions 'Print shell completions (bash, zsh, fish, powershell, elvish)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'antidotectl;help;validate'= {
        }
        &'antidotectl;help;import'= {
        }
        &'antidotectl;help;db'= {
            cand init 'Drop every Antidote table and create the schema anew (deletes all data)'
            cand status 'Show the schema version and the imported curriculum'
        }
        &'antidotectl;help;db;init'= {
        }
        &'antidotectl;help;db;status'= {
        }
        &'antidotectl;help;schema'= {
        }
        &'antidotectl;help;completions'= {
        }
        &'antidotectl;help;help'= {
        }
    ]
    $completions[$command]
}
