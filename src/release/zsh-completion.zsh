#compdef proxyaudit
# zsh completion for proxyaudit: picocli's bash completion, generated from the command model (src/release/assemble.sh
# puts it in place of the marker line below), run through zsh's bashcompinit as picocli documents for zsh.
# zsh reads this file as the body of the function _proxyaudit on the first TAB and parses it whole before it runs,
# so the alias compopt=complete that the script defines for zsh comes too late for the script's own functions
# ("command not found: compopt"): compopt, which sets bash's options of the running completion and has nothing to
# set under zsh's _bash_complete, is a function that does nothing.
compopt() { return 0; }
#@picocli-bash-completion@
# The script has bound proxyaudit to _complete_proxyaudit for every later TAB; this first one is answered here.
_bash_complete -F _complete_proxyaudit -o default
