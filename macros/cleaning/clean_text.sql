{#- Trimmed text, NULL when empty or only white space (decision D2). White space is
    every POSIX space character (space, tab, newline, carriage return, ...), not only the
    blank that trim() removes. -#}
{% macro clean_text(column) -%}
    nullif({{ regex_replace(column, '^[[:space:]]+|[[:space:]]+$', '') }}, '')
{%- endmacro %}
