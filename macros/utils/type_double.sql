{#- A 64-bit float on every engine (dbt.type_float() is 32-bit `float` on DuckDB, which
    would round KPIs). -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'customer_engagement')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro duckdb__type_double() -%}
    double
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}
