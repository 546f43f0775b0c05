{#- A value from a var or a file name as a SQL string literal: quotes are doubled, so a
    quote in a value can never end the literal and change the query. -#}
{% macro sql_string_literal(value) -%}
    '{{ value | string | replace("'", "''") }}'
{%- endmacro %}
