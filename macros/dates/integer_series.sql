{#- The integers 0 .. 10^digits - 1 as a subquery with one column `n`, from cross-joined
    digits: portable to every engine (no generate_series). -#}
{% macro integer_series(digits=5) -%}
    (
        select
            {% for position in range(digits) -%}
                digit_{{ position }}.n * {{ 10 ** position }}
                {{- ' + ' if not loop.last }}
            {%- endfor %} as n
        from
            {% for position in range(digits) -%}
                (
                    {% for value in range(10) -%}
                        select {{ value }} as n{{ ' union all ' if not loop.last }}
                    {%- endfor %}
                ) as digit_{{ position }}{{ ',' if not loop.last }}
            {% endfor %}
    )
{%- endmacro %}
