{#- The keys of a full outer join: each one taken from whichever side holds the row,
    and the condition that matches them. -#}
{% macro coalesced_keys(left, right, keys) -%}
    {%- for key in keys %}
    coalesce({{ left }}.{{ key }}, {{ right }}.{{ key }}) as {{ key }},
    {%- endfor %}
{%- endmacro %}


{% macro keys_equal(left, right, keys) -%}
    {%- for key in keys %}
    {% if not loop.first %}and {% endif %}{{ left }}.{{ key }} = {{ right }}.{{ key }}
    {%- endfor %}
{%- endmacro %}
