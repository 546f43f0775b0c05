{#- A date read before the query runs (a run_query value), written into the SQL as a
    literal the engine can compare with its row-group statistics; NULL as a typed NULL
    (an untyped one cannot take part in date arithmetic). -#}
{% macro date_literal(value) -%}
    {{ return('cast(null as date)' if value is none
        else "cast('" ~ value ~ "' as date)") }}
{%- endmacro %}
