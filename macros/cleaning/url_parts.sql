{#- Host of a URL, lower-cased, without scheme, port, path and a leading 'www.';
    NULL when there is none. -#}
{% macro url_host(column) -%}
    nullif({{
        regex_replace(
            regex_replace(
                regex_replace('lower(' ~ clean_text(column) ~ ')',
                    '^[a-z][a-z0-9+.-]*://', ''),
                '[/?#:].*$', ''),
            '^www[.]', '')
    }}, '')
{%- endmacro %}


{#- Path of a URL (decision D14): scheme and host removed, query string and fragment
    removed, lower-cased, trailing '/' removed except for the root; NULL when missing. -#}
{% macro url_path(column) -%}
    case
        when {{ clean_text(column) }} is not null then coalesce(nullif({{
            regex_replace(
                regex_replace(
                    regex_replace('lower(' ~ clean_text(column) ~ ')',
                        '^[a-z][a-z0-9+.-]*://[^/?#]*', ''),
                    '[?#].*$', ''),
                '/+$', '')
        }}, ''), '/')
    end
{%- endmacro %}
