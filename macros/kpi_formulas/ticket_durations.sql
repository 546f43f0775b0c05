{#- Minutes from a ticket's creation to its first reply, from exact seconds (SPEC §5);
    NULL when there is no reply. -#}
{% macro first_reply_minutes(created_at, first_replied_at) -%}
    {{ seconds_between(created_at, first_replied_at) }} / 60
{%- endmacro %}


{#- Hours from a ticket's creation to its solution, from exact seconds (SPEC §5); NULL
    when it is not solved. -#}
{% macro resolution_hours(created_at, solved_at) -%}
    {{ seconds_between(created_at, solved_at) }} / 3600
{%- endmacro %}
