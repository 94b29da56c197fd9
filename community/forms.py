from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Every form renders the same way: an error summary on top, each error above its field."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
