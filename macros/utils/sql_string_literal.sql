{#- A value from a var or a file name as a SQL string literal: quotes are escaped, so a
    quote in a value can never end the literal and change the query. -#}
{% macro sql_string_literal(value) -%}
    {{ return(adapter.dispatch('sql_string_literal', 'customer_engagement')(value)) }}
{%- endmacro %}

{% macro default__sql_string_literal(value) -%}
    '{{ value | string | replace("'", "''") }}'
{%- endmacro %}

{#- Spark reads 'a''b' as two adjacent literals ('ab') and a backslash as an escape: both
    are escaped with a backslash instead. -#}
{% macro spark__sql_string_literal(value) -%}
    '{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}'
{%- endmacro %}
