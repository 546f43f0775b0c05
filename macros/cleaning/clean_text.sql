{#- Trimmed text, NULL when empty or only white space (decision D2). White space is
    every POSIX space character (space, tab, newline, carriage return, ...), not only the
    blank that trim() removes. -#}
{% macro clean_text(column) -%}
    {{ return(adapter.dispatch('clean_text', 'customer_engagement')(column)) }}
{%- endmacro %}

{% macro duckdb__clean_text(column) -%}
    nullif({{ regex_replace(column, '^[[:space:]]+|[[:space:]]+$', '') }}, '')
{%- endmacro %}

{#- The same six ASCII characters as [[:space:]] in DuckDB's RE2 (space, \t, \n, \v, \f,
    \r), trimmed by btrim(): PostgreSQL re-runs a regex for every reference of a column
    that a CTE inlines, and btrim() is many times faster. -#}
{% macro default__clean_text(column) -%}
    nullif(btrim({{ column }}, ' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13)), '')
{%- endmacro %}

{#- trim(BOTH characters FROM ...) removes any of the characters, as btrim() does. -#}
{% macro spark__clean_text(column) -%}
    nullif(trim(BOTH concat(' ', char(9), char(10), char(11), char(12), char(13))
        FROM {{ column }}), '')
{%- endmacro %}
