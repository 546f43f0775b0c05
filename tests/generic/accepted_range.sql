{#- Fails on every row whose column lies outside [min_value, max_value] (either bound may
    be omitted; `inclusive: false` makes both bounds strict). NULLs pass: pair with
    not_null where a value is required. -#}
{% test accepted_range(model, column_name, min_value=none, max_value=none,
                       inclusive=true) %}
    {%- if min_value is none and max_value is none -%}
        {{ exceptions.raise_compiler_error(
            "accepted_range on " ~ column_name ~ ": give min_value, max_value or both") }}
    {%- endif -%}
    select *
    from {{ model }}
    where
        {{ column_name }} is not null
        and (
            {%- if min_value is not none %}
                {{ column_name }} {{ '<' if inclusive else '<=' }} {{ min_value }}
            {%- endif %}
            {%- if min_value is not none and max_value is not none %} or {% endif %}
            {%- if max_value is not none %}
                {{ column_name }} {{ '>' if inclusive else '>=' }} {{ max_value }}
            {%- endif %}
        )
{% endtest %}
