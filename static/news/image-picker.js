// The image library from inside each body editor: search, pick, adjust the alt text and caption in the body's
// language, upload a new picture, and insert a <figure> with tiptap's own commands so the editor's state (undo,
// the textarea it writes back to) stays right. django-prose-editor announces each editor it creates with a
// "prose-editor:ready" event carrying the tiptap instance; this classic script runs before its module scripts, so
// it never misses one. The markup and words come from the <template id="image-picker"> of the change form.
(function () {
  "use strict";

  function languageOf(textarea) {
    var match = /^body_(.+)$/.exec(textarea.name || "");
    return match ? match[1].replace("_", "-") : null;
  }

  function suffixOf(language) {
    return language.replace("-", "_");
  }

  function Picker(template, editor, language) {
    this.template = template;
    this.editor = editor;
    this.language = language;
    this.dialog = null;
    this.chosen = null;
  }

  Picker.prototype.open = function () {
    if (this.dialog === null) {
      this.build();
    }
    this.dialog.showModal();
    this.search("");
  };

  Picker.prototype.build = function () {
    var self = this;
    var dialog = this.template.content.querySelector("dialog").cloneNode(true);
    // Outside the article's form: a picker's own forms must never submit the article.
    document.body.append(dialog);
    this.dialog = dialog;
    dialog.setAttribute("lang", document.documentElement.lang || "");
    dialog.dataset.language = this.language;
    dialog.querySelectorAll(".image-picker-title").forEach(function (title) {
      title.hidden = title.dataset.language !== self.language;
    });
    // The words typed here are in the body's language, whatever the admin's.
    dialog.querySelectorAll("input[name=alt], input[name=caption], input[name=alt_text]").forEach(function (input) {
      input.setAttribute("lang", self.language);
    });
    this.status = dialog.querySelector(".image-picker-status");
    this.results = dialog.querySelector(".image-picker-results");
    this.chosenForm = dialog.querySelector(".image-picker-chosen");

    dialog.querySelector(".image-picker-search").addEventListener("submit", function (event) {
      event.preventDefault();
      self.search(event.target.elements.q.value);
    });
    this.chosenForm.addEventListener("submit", function (event) {
      event.preventDefault();
      self.insert();
    });
    dialog.querySelector(".image-picker-close").addEventListener("click", function () {
      dialog.close();
    });
    var upload = dialog.querySelector(".image-picker-upload-form");
    if (upload) {
      upload.addEventListener("submit", function (event) {
        event.preventDefault();
        self.upload(upload);
      });
    }
  };

  Picker.prototype.say = function (key) {
    this.status.textContent = key ? this.status.dataset[key] : "";
  };

  Picker.prototype.search = function (query) {
    var self = this;
    var url = this.template.dataset.listUrl + "?" + new URLSearchParams({ language: this.language, q: query });
    this.say("loading");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        self.show(data.images);
        self.say(data.images.length === 0 ? "empty" : data.more ? "more" : "");
      })
      .catch(function () {
        self.say("failed");
      });
  };

  Picker.prototype.show = function (images) {
    var self = this;
    this.results.replaceChildren();
    images.forEach(function (image) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "image-picker-item";
      button.dataset.id = image.id;
      if (image.thumbnail) {
        var thumbnail = document.createElement("img");
        thumbnail.src = image.thumbnail;
        thumbnail.alt = "";
        button.append(thumbnail);
      }
      var words = document.createElement("span");
      words.setAttribute("lang", self.language);
      words.textContent = image.caption || image.alt || "#" + image.id;
      button.append(words);
      button.addEventListener("click", function () {
        self.choose(image, button);
      });
      var item = document.createElement("li");
      item.append(button);
      self.results.append(item);
    });
  };

  Picker.prototype.choose = function (image, button) {
    this.chosen = image;
    this.results.querySelectorAll(".image-picker-item").forEach(function (item) {
      item.setAttribute("aria-pressed", item === button ? "true" : "false");
    });
    var form = this.chosenForm;
    form.hidden = false;
    var preview = form.querySelector(".image-picker-preview");
    preview.hidden = !image.thumbnail;
    preview.src = image.thumbnail || "";
    form.elements.alt.value = image.alt;
    form.elements.caption.value = image.caption;
    // A file whose path the body sanitiser would drop cannot be inserted.
    form.querySelector(".image-picker-unusable").hidden = Boolean(image.src);
    form.querySelector("button[type=submit]").disabled = !image.src;
    form.elements.alt.focus();
  };

  Picker.prototype.insert = function () {
    if (!this.chosen || !this.chosen.src) {
      return;
    }
    var alt = this.chosenForm.elements.alt.value.trim();
    var caption = this.chosenForm.elements.caption.value.trim();
    var content = [{ type: "image", attrs: { src: this.chosen.src, alt: alt } }];
    if (caption) {
      content.push({ type: "caption", content: [{ type: "text", text: caption }] });
    }
    this.dialog.close();
    this.editor.chain().focus().insertContent({ type: "figure", content: content }).run();
  };

  Picker.prototype.upload = function (form) {
    var self = this;
    var suffix = suffixOf(this.language);
    var data = new FormData(form);
    // The image admin's field names, in the body's language.
    ["alt_text", "caption"].forEach(function (name) {
      data.set(name + "_" + suffix, data.get(name));
      data.delete(name);
    });
    data.set("language", this.language);
    form.querySelectorAll(".image-picker-errors").forEach(function (list) {
      list.hidden = true;
      list.replaceChildren();
    });
    var submit = form.querySelector("button[type=submit]");
    submit.disabled = true;
    fetch(this.template.dataset.uploadUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": data.get("csrfmiddlewaretoken") },
    })
      .then(function (response) {
        if (response.status !== 201 && response.status !== 400) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (answer) {
        if (answer.errors) {
          self.showErrors(form, answer.errors, suffix);
          return;
        }
        form.reset();
        form.closest("details").open = false;
        self.show([answer.image]);
        self.choose(answer.image, self.results.querySelector(".image-picker-item"));
        self.say("uploaded");
        (answer.warnings || []).forEach(function (warning) {
          self.status.append(" " + warning);
        });
      })
      .catch(function () {
        self.say("failed");
      })
      .finally(function () {
        submit.disabled = false;
      });
  };

  Picker.prototype.showErrors = function (form, errors, suffix) {
    Object.keys(errors).forEach(function (name) {
      var field = name.endsWith("_" + suffix) ? name.slice(0, -suffix.length - 1) : name;
      var list = form.querySelector('.image-picker-errors[data-field="' + field + '"]') ||
        form.querySelector('.image-picker-errors[data-field="__all__"]');
      errors[name].forEach(function (message) {
        var line = document.createElement("span");
        line.textContent = message + " ";
        list.append(line);
      });
      list.hidden = false;
    });
  };

  document.addEventListener("prose-editor:ready", function (event) {
    var editor = event.detail.editor;
    var textarea = event.detail.textarea;
    var template = document.getElementById("image-picker");
    var language = languageOf(textarea);
    if (!template || !language || textarea.disabled) {
      return;
    }
    var bar = template.content.querySelector(".image-picker-bar").cloneNode(true);
    var picker = new Picker(template, editor, language);
    bar.querySelector(".image-picker-open").addEventListener("click", function () {
      picker.open();
    });
    textarea.closest(".prose-editor").before(bar);
  });
})();
