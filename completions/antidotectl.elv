
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
            cand schema 'Print the JSON Schema of a resource file, for editors and other tools'
            cand completions 'Print shell completions (bash, zsh, fish, powershell, elvish)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'antidotectl;help;validate'= {
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
