{#- Fails on every row where the SQL `expression` is false. A row where it is NULL passes
    unless `null_is_failure: true`; use `where:` in config to restrict the rows. -#}
{% test expression_is_true(model, expression, null_is_failure=false) %}
    select *
    from {{ model }}
    where
        {% if null_is_failure -%}
            not coalesce({{ expression }}, false)
        {%- else -%}
            not ({{ expression }})
        {%- endif %}
{% endtest %}
