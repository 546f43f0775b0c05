{#- Exact seconds from one timestamp to another (fractions kept), so a 30:00 gap is 1800
    and 30:01 is 1801 whatever the engine's datediff rounding does. -#}
{% macro seconds_between(start_column, end_column) -%}
    {{ return(adapter.dispatch('seconds_between', 'customer_engagement')(
        start_column, end_column)) }}
{%- endmacro %}

{% macro default__seconds_between(start_column, end_column) -%}
    cast(extract(epoch from ({{ end_column }} - {{ start_column }})) as {{ type_double() }})
{%- endmacro %}

{#- Whole microseconds first: epoch() is a double of ~1.7e9 seconds, whose last bits
    would turn a 10 s duration into 9.9999998 s or a 30:00 gap into 1800.0000002. -#}
{% macro duckdb__seconds_between(start_column, end_column) -%}
    (cast(epoch_us({{ end_column }}) - epoch_us({{ start_column }}) as double) / 1000000)
{%- endmacro %}

{% macro spark__seconds_between(start_column, end_column) -%}
    (cast(unix_micros({{ end_column }}) - unix_micros({{ start_column }}) as double) / 1000000)
{%- endmacro %}
