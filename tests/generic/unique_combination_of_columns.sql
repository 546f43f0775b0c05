{#- Fails on every combination of `combination_of_columns` that occurs more than once
    (a NULL counts as a value, so two rows that differ only by NULL vs NULL collide). -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
    select
        {{ combination_of_columns | join(', ') }},
        count(*) as occurrences
    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}
    having count(*) > 1
{% endtest %}
