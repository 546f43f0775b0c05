{#- Trimmed text, NULL when empty or only white space (decision D2). White space is
    every POSIX space character of RE2's [[:space:]] (space, \t, \n, \v, \f, \r), not only
    the blank that trim() removes by default. The SQL-standard trim(both <characters>
    from ...) removes any of them from both ends on DuckDB, PostgreSQL and Spark alike,
    and is many times faster than a regex (which PostgreSQL moreover re-runs at every
    reference of a column that a CTE inlines). -#}
{% macro clean_text(column) -%}
    nullif(
        trim(both concat(' ', chr(9), chr(10), chr(11), chr(12), chr(13)) from {{ column }}),
        ''
    )
{%- endmacro %}
