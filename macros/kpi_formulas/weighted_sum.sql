{#- sum(value * weight) as a double: the numerator of a weighted mean such as the
    impression-weighted average position, sum(position * impressions) / sum(impressions),
    kept as a component so BI tools can re-aggregate it. -#}
{% macro weighted_sum(value, weight) -%}
    cast(sum({{ value }} * {{ weight }}) as {{ type_double() }})
{%- endmacro %}
